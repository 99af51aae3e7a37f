using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Spuff.FaultProxy;

/// <summary>
/// A fault-injecting HTTP proxy for chaos tests: it forwards DigitalOcean (<c>/v2</c>) and Hetzner (<c>/v1</c>)
/// requests to an upstream (the emulator) and, for a seeded share of them, throttles, fails before forwarding, or lets
/// the upstream act and then loses, replaces or stalls its answer. Listens on 127.0.0.1 only.
/// Control: <c>GET /_proxy/log</c>, <c>GET</c>/<c>POST /_proxy/config</c> (<see cref="ProxySettings"/>).
/// </summary>
public sealed class ProxyServer : IAsyncDisposable
{
    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer",
    };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    private readonly WebApplication _app;
    private readonly HttpClient _client;

    private ProxyServer(WebApplication app, HttpClient client, FaultPlan plan, Uri upstream)
    {
        _app = app;
        _client = client;
        Plan = plan;
        Upstream = upstream;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public Uri Upstream { get; }

    public FaultPlan Plan { get; }

    public static async Task<ProxyServer> StartAsync(Uri upstream, ProxySettings settings, int port = 0, CancellationToken ct = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(ProxyServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, UseProxy = false })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var server = new ProxyServer(app, client, new FaultPlan(settings), upstream);
        app.Run(server.HandleAsync);
        await app.StartAsync(ct).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri($"http://127.0.0.1:{new Uri(address).Port}/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _client.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (path.StartsWith("/_proxy/", StringComparison.Ordinal))
        {
            await ControlAsync(context, path).ConfigureAwait(false);
            return;
        }

        // The emulator's own control endpoints pass untouched and unlogged: they are the test's, not the client's.
        var (sequence, fault) = path.StartsWith("/_emulator/", StringComparison.Ordinal) ? (0L, FaultKind.None) : Plan.Next();
        var upstreamStatus = 0;
        try
        {
            switch (fault)
            {
                case FaultKind.Throttle:
                    await WriteErrorAsync(context, 429, path).ConfigureAwait(false);
                    return;
                case FaultKind.UnavailableBefore:
                    await WriteErrorAsync(context, 503, path).ConfigureAwait(false);
                    return;
            }

            using var response = await ForwardAsync(context).ConfigureAwait(false);
            upstreamStatus = (int)response.StatusCode;
            var body = await response.Content.ReadAsByteArrayAsync(context.RequestAborted).ConfigureAwait(false);
            switch (fault)
            {
                case FaultKind.UnavailableAfter:
                    await WriteErrorAsync(context, 503, path).ConfigureAwait(false);
                    return;
                case FaultKind.ResetAfter:
                    context.Abort();
                    return;
                case FaultKind.StallAfter:
                    try
                    {
                        await Task.Delay(Plan.Settings.StallMs, context.RequestAborted).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }

                    break;
            }

            await CopyAsync(context, response, body).ConfigureAwait(false);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client gave up (its own timeout): nothing to answer.
        }
        catch (HttpRequestException)
        {
            context.Response.StatusCode = 502;
        }
        finally
        {
            if (sequence > 0)
            {
                Plan.Record(new FaultLogEntry(sequence, context.Request.Method, path, context.Request.QueryString.Value?.TrimStart('?') ?? string.Empty, fault, upstreamStatus));
            }
        }
    }

    private async Task<HttpResponseMessage> ForwardAsync(HttpContext context)
    {
        var request = context.Request;
        var target = new Uri(Upstream, request.Path.Value + request.QueryString.Value);
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), target);
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        if (buffer.Length > 0 || request.ContentLength.HasValue)
        {
            message.Content = new ByteArrayContent(buffer.ToArray());
        }

        foreach (var header in request.Headers)
        {
            if (HopHeaders.Contains(header.Key))
            {
                continue;
            }

            if (!message.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray()))
            {
                message.Content?.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
            }
        }

        // Not bound to the client's abort: the upstream must finish acting even when the client gives up.
        return await _client.SendAsync(message, HttpCompletionOption.ResponseContentRead, CancellationToken.None).ConfigureAwait(false);
    }

    private static async Task CopyAsync(HttpContext context, HttpResponseMessage response, byte[] body)
    {
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var header in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopHeaders.Contains(header.Key) && !string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers[header.Key] = header.Value.ToArray();
            }
        }

        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    // The provider's own error shape, so the client decodes it as it would the real thing.
    private static async Task WriteErrorAsync(HttpContext context, int status, string path)
    {
        var hetzner = path.StartsWith("/v1/", StringComparison.Ordinal);
        var throttled = status == 429;
        string body;
        if (hetzner)
        {
            var code = throttled ? "rate_limit_exceeded" : "unavailable";
            body = $"{{\"error\":{{\"code\":\"{code}\",\"message\":\"injected by the fault proxy\",\"details\":{{}}}}}}";
            if (throttled)
            {
                // An empty bucket: Hetzner's reset is when it is full again; it refills one request a second.
                context.Response.Headers["RateLimit-Limit"] = "3600";
                context.Response.Headers["RateLimit-Remaining"] = "0";
                context.Response.Headers["RateLimit-Reset"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        else
        {
            var id = throttled ? "too_many_requests" : "service_unavailable";
            body = $"{{\"id\":\"{id}\",\"message\":\"injected by the fault proxy\"}}";
            context.Response.Headers["x-request-id"] = Guid.NewGuid().ToString();
            if (throttled)
            {
                context.Response.Headers["retry-after"] = "1";
            }
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task ControlAsync(HttpContext context, string path)
    {
        switch (path, context.Request.Method)
        {
            case ("/_proxy/log", "GET"):
                await context.Response.WriteAsJsonAsync(Plan.Log(), Json).ConfigureAwait(false);
                return;
            case ("/_proxy/config", "GET"):
                await context.Response.WriteAsJsonAsync(Plan.Settings, Json).ConfigureAwait(false);
                return;
            case ("/_proxy/config", "POST"):
                ProxySettings? settings;
                try
                {
                    settings = await JsonSerializer.DeserializeAsync<ProxySettings>(context.Request.Body, Json, context.RequestAborted).ConfigureAwait(false);
                }
                catch (JsonException error)
                {
                    context.Response.StatusCode = 400;
                    await context.Response.WriteAsync(error.Message).ConfigureAwait(false);
                    return;
                }

                if (settings == null || settings.Rate is < 0 or > 1 || settings.StallMs < 0)
                {
                    context.Response.StatusCode = 400;
                    await context.Response.WriteAsync("rate must be 0..1 and stallMs not negative").ConfigureAwait(false);
                    return;
                }

                Plan.Configure(settings);
                await context.Response.WriteAsJsonAsync(settings, Json).ConfigureAwait(false);
                return;
            default:
                context.Response.StatusCode = 404;
                return;
        }
    }
}
