using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Spuff.Emulator.Infrastructure;

namespace Spuff.Emulator.Hetzner;

/// <summary>
/// The Hetzner Cloud API v1 under <c>/v1</c>: bearer auth (<c>bad-token</c> → 401 unauthorized,
/// <c>readonly-token</c> → 401 token_readonly on anything but GET, <c>forbidden-token</c> → 403 forbidden), a
/// per-token budget of 3,600 requests an hour refilled one per second with <c>RateLimit-*</c> headers,
/// <c>X-Correlation-Id</c> on every response, and errors shaped <c>{"error":{"code","message","details"}}</c>.
/// </summary>
internal sealed class HetznerApi : IProviderApi
{
    public const string BadToken = "bad-token";
    public const string ReadOnlyToken = "readonly-token";
    public const string ForbiddenToken = "forbidden-token";
    private const string CorrelationKey = "spuff.hetzner.correlation-id";
    private const string BudgetKey = "spuff.hetzner.budget-exhausted";

    // Relaxed escaping: Go clients parse timestamps from the raw bytes, so "+00:00" must not become "\u002B00:00".
    internal static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public HetznerApi(EmulatorSettings settings, TimeProvider time)
    {
        State = new HetznerState(settings, time);
        RateLimiter = new HetznerRateLimiter(time);
    }

    public string Name => "hetzner";

    public PathString PathPrefix => "/v1";

    public HetznerState State { get; }

    public HetznerRateLimiter RateLimiter { get; }

    public void Map(WebApplication app)
    {
        app.UseWhen(c => c.Request.Path.StartsWithSegments(PathPrefix), branch => branch.Use(GateAsync));
        app.MapHetzner(this);
    }

    public void Reset()
    {
        State.Reset();
        RateLimiter.Reset();
    }

    public Task WriteErrorAsync(HttpContext context, int statusCode, string? message, int? retryAfterSeconds) =>
        WriteErrorAsync(context, statusCode, CodeFor(statusCode), message ?? DefaultMessage(statusCode), null, retryAfterSeconds);

    internal async Task WriteErrorAsync(HttpContext context, int statusCode, string code, string message, object? details, int? retryAfterSeconds = null)
    {
        EnsureCorrelationId(context);
        var response = context.Response;
        if (!response.Headers.ContainsKey("RateLimit-Limit"))
        {
            WriteRateLimitHeaders(response, RateLimiter.Limit, RateLimiter.Limit, DateTimeOffset.UtcNow);
        }

        if (statusCode == StatusCodes.Status429TooManyRequests && (retryAfterSeconds is not null || !context.Items.ContainsKey(BudgetKey)))
        {
            // An injected 429: Hetzner says when to come back through RateLimit-Reset (it sends no Retry-After);
            // 1 s unless the fault says otherwise. A real exhaustion keeps the bucket's own reset.
            response.Headers["RateLimit-Remaining"] = "0";
            response.Headers["RateLimit-Reset"] = DateTimeOffset.UtcNow.AddSeconds(retryAfterSeconds ?? 1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        }

        response.StatusCode = statusCode;
        var body = new Dictionary<string, object?>
        {
            ["error"] = new Dictionary<string, object?> { ["code"] = code, ["message"] = message, ["details"] = details },
        };
        await response.WriteAsJsonAsync(body, Json, context.RequestAborted);
    }

    private static void EnsureCorrelationId(HttpContext context)
    {
        if (context.Items.ContainsKey(CorrelationKey)) return;
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
        context.Items[CorrelationKey] = id;
        context.Response.Headers["X-Correlation-Id"] = id;
    }

    private async Task GateAsync(HttpContext context, RequestDelegate next)
    {
        EnsureCorrelationId(context);
        var token = ReadToken(context.Request);
        if (token is null || token == BadToken)
        {
            await WriteErrorAsync(context, StatusCodes.Status401Unauthorized, "unauthorized", "unable to authenticate", null);
            return;
        }

        var (allowed, remaining, reset) = RateLimiter.Acquire(token);
        WriteRateLimitHeaders(context.Response, RateLimiter.Limit, remaining, reset);
        if (!allowed)
        {
            context.Items[BudgetKey] = true;
            await WriteErrorAsync(context, StatusCodes.Status429TooManyRequests, "rate_limit_exceeded", "limit of 3600 requests per hour reached", null);
            return;
        }

        if (token == ForbiddenToken)
        {
            await WriteErrorAsync(context, StatusCodes.Status403Forbidden, "forbidden", "insufficient permissions for this request", null);
            return;
        }

        if (token == ReadOnlyToken && !HttpMethods.IsGet(context.Request.Method))
        {
            await WriteErrorAsync(context, StatusCodes.Status401Unauthorized, "token_readonly", "The token is only allowed to perform GET requests", null);
            return;
        }

        await next(context);

        if (context.Response.StatusCode == StatusCodes.Status405MethodNotAllowed && !context.Response.HasStarted)
        {
            await WriteErrorAsync(context, StatusCodes.Status405MethodNotAllowed, "method_not_allowed", "method not allowed", null);
        }
    }

    private static string? ReadToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        if (!header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return null;
        var token = header[prefix.Length..].Trim();
        return token.Length == 0 ? null : token;
    }

    private static void WriteRateLimitHeaders(HttpResponse response, int limit, int remaining, DateTimeOffset reset)
    {
        response.Headers["RateLimit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
        response.Headers["RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        response.Headers["RateLimit-Reset"] = reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
    }

    private static string CodeFor(int status) => status switch
    {
        400 => "json_error",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        409 => "conflict",
        412 => "resource_unavailable",
        422 => "invalid_input",
        423 => "locked",
        429 => "rate_limit_exceeded",
        503 => "unavailable",
        504 => "timeout",
        >= 500 => "server_error",
        _ => "error",
    };

    private static string DefaultMessage(int status) => status switch
    {
        401 => "unable to authenticate",
        403 => "insufficient permissions",
        404 => "not found",
        409 => "the resource has changed during the request, please retry",
        423 => "resource is locked",
        429 => "limit of 3600 requests per hour reached",
        503 => "service unavailable",
        504 => "request timeout",
        >= 500 => "internal server error",
        _ => "injected fault",
    };
}
