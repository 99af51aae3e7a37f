using System.Globalization;
using Spuff.Emulator.Infrastructure;

namespace Spuff.Emulator.DigitalOcean;

/// <summary>
/// The DigitalOcean API v2 under <c>/v2</c>: bearer auth (<c>bad-token</c> → 401, <c>forbidden-token</c> → 403),
/// a per-token limit of 5,000 requests an hour with <c>ratelimit-*</c> headers, <c>x-request-id</c> on every
/// response, and errors shaped <c>{"id","message","request_id"}</c>.
/// </summary>
internal sealed class DigitalOceanApi : IProviderApi
{
    public const int HourlyLimit = 5000;
    public const string BadToken = "bad-token";
    public const string ForbiddenToken = "forbidden-token";
    private const string RequestIdKey = "spuff.do.request-id";
    private const string TokenKey = "spuff.do.token";
    private readonly TimeProvider _time;

    public DigitalOceanApi(EmulatorSettings settings, TimeProvider time)
    {
        _time = time;
        State = new DigitalOceanState(settings, time);
        RateLimiter = new TokenRateLimiter(HourlyLimit, TimeSpan.FromHours(1), time);
    }

    public string Name => "digitalocean";

    public PathString PathPrefix => "/v2";

    public DigitalOceanState State { get; }

    public TokenRateLimiter RateLimiter { get; }

    public void Map(WebApplication app)
    {
        app.UseWhen(c => c.Request.Path.StartsWithSegments(PathPrefix), branch => branch.Use(GateAsync));
        app.MapDigitalOcean(this);
    }

    public void Reset()
    {
        State.Reset();
        RateLimiter.Reset();
    }

    public async Task WriteErrorAsync(HttpContext context, int statusCode, string? message, int? retryAfterSeconds)
    {
        var requestId = EnsureRequestId(context);
        var response = context.Response;
        if (!response.Headers.ContainsKey("ratelimit-limit"))
        {
            WriteRateLimitHeaders(response, RateLimiter.Peek(context.Items[TokenKey] as string ?? ReadToken(context.Request)));
        }

        if (retryAfterSeconds is null && statusCode == StatusCodes.Status429TooManyRequests) retryAfterSeconds = 1;
        if (retryAfterSeconds is { } retry) response.Headers["retry-after"] = retry.ToString(CultureInfo.InvariantCulture);

        response.StatusCode = statusCode;
        var error = new DoError(ErrorId(statusCode), message ?? DefaultMessage(statusCode), requestId);
        await response.WriteAsJsonAsync(error, DigitalOceanJson.Options, context.RequestAborted);
    }

    internal static string EnsureRequestId(HttpContext context)
    {
        if (context.Items[RequestIdKey] is string existing) return existing;
        var id = Guid.NewGuid().ToString();
        context.Items[RequestIdKey] = id;
        context.Response.Headers["x-request-id"] = id;
        return id;
    }

    private async Task GateAsync(HttpContext context, RequestDelegate next)
    {
        EnsureRequestId(context);
        var token = ReadToken(context.Request);
        if (token is null || token == BadToken)
        {
            await WriteErrorAsync(context, StatusCodes.Status401Unauthorized, "Unable to authenticate you", null);
            return;
        }

        context.Items[TokenKey] = token;
        var limit = RateLimiter.Acquire(token);
        WriteRateLimitHeaders(context.Response, limit);
        if (!limit.Allowed)
        {
            var wait = (int)Math.Max(1, Math.Ceiling((limit.Reset - _time.GetUtcNow()).TotalSeconds));
            await WriteErrorAsync(context, StatusCodes.Status429TooManyRequests, "API Rate limit exceeded.", wait);
            return;
        }

        if (token == ForbiddenToken)
        {
            await WriteErrorAsync(context, StatusCodes.Status403Forbidden, "You do not have access for the attempted action.", null);
            return;
        }

        await next(context);

        // Routing answers a known path with a wrong method by a bare 405; give it DigitalOcean's shape.
        if (context.Response.StatusCode == StatusCodes.Status405MethodNotAllowed && !context.Response.HasStarted)
        {
            await WriteErrorAsync(context, StatusCodes.Status405MethodNotAllowed, "Method not allowed.", null);
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

    private static void WriteRateLimitHeaders(HttpResponse response, RateLimitState state)
    {
        response.Headers["ratelimit-limit"] = state.Limit.ToString(CultureInfo.InvariantCulture);
        response.Headers["ratelimit-remaining"] = state.Remaining.ToString(CultureInfo.InvariantCulture);
        response.Headers["ratelimit-reset"] = state.Reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
    }

    private static string ErrorId(int status) => status switch
    {
        400 => "bad_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        409 => "conflict",
        422 => "unprocessable_entity",
        429 => "too_many_requests",
        >= 500 => "server_error",
        _ => "error",
    };

    private static string DefaultMessage(int status) => status switch
    {
        400 => "The request was malformed.",
        401 => "Unable to authenticate you",
        403 => "You do not have access for the attempted action.",
        404 => "The resource you were accessing could not be found.",
        422 => "The request could not be processed.",
        429 => "API Rate limit exceeded.",
        503 => "Service is temporarily unavailable. Please try again later.",
        >= 500 => "Server was unable to give you a response.",
        _ => "Injected fault.",
    };
}
