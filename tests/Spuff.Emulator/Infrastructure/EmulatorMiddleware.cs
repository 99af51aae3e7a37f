using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace Spuff.Emulator.Infrastructure;

/// <summary>The shared front of every provider API: request log, latency, fault injection and a last-resort
/// error handler that answers in the provider's shape. Control endpoints pass straight through.</summary>
internal sealed class EmulatorMiddleware
{
    private readonly IReadOnlyList<IProviderApi> _providers;
    private readonly EmulatorSettings _settings;
    private readonly TimeProvider _time;
    private int _inLatency;
    private readonly FaultInjector _faults;
    private readonly RequestLog _log;

    public EmulatorMiddleware(IReadOnlyList<IProviderApi> providers, EmulatorSettings settings, FaultInjector faults, RequestLog log, TimeProvider time)
    {
        _time = time;
        _providers = providers;
        _settings = settings;
        _faults = faults;
        _log = log;
    }

    /// <summary>How many requests are waiting out their latency right now.</summary>
    public int InLatency => Volatile.Read(ref _inLatency);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var provider = _providers.FirstOrDefault(p => context.Request.Path.StartsWithSegments(p.PathPrefix));
        if (provider is null)
        {
            await next(context);
            return;
        }

        var started = DateTimeOffset.UtcNow;
        var method = context.Request.Method;
        var path = context.Request.Path.Value ?? "/";
        var query = context.Request.QueryString.HasValue ? context.Request.QueryString.Value!.TrimStart('?') : string.Empty;
        var dropped = false;
        try
        {
            // Per request and outside every lock: concurrent requests wait out their latency side by side.
            var latency = _settings.Latency;
            if (latency > TimeSpan.Zero)
            {
                Interlocked.Increment(ref _inLatency);
                try
                {
                    await Task.Delay(latency, _time, context.RequestAborted);
                }
                finally
                {
                    Interlocked.Decrement(ref _inLatency);
                }
            }

            if (_faults.TryTake(method, path) is { } fault)
            {
                if (fault.RunsRequest)
                {
                    dropped = await RunThenAnswerAsync(context, next, provider, fault);
                    return;
                }

                if (fault.DelayMs > 0) await Task.Delay(fault.DelayMs, context.RequestAborted);
                if (fault.DropConnection)
                {
                    dropped = true;
                    context.Abort();
                    return;
                }

                if (fault.Body is not null)
                {
                    await WriteBodyAsync(context, fault);
                    return;
                }

                if (fault.Status is { } status && status != 0)
                {
                    await provider.WriteErrorAsync(context, status, null, fault.RetryAfterSeconds);
                    return;
                }
            }

            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            dropped = true;
        }
        catch (ConnectionResetException)
        {
            dropped = true;
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            await provider.WriteErrorAsync(context, StatusCodes.Status500InternalServerError, "emulator error: " + ex.Message, null);
        }
        finally
        {
            _log.Add(new RequestLogEntry(method, path, query, dropped ? 0 : context.Response.StatusCode, started, DateTimeOffset.UtcNow) { Token = BearerToken(context) });
        }
    }

    /// <summary>Lets the provider handle the request (after <see cref="FaultRule.ActDelayMs"/>, even if the client
    /// leaves meanwhile), with its answer kept in memory; then applies the fault to that answer. Returns true when the
    /// client got no answer.</summary>
    private static async Task<bool> RunThenAnswerAsync(HttpContext context, RequestDelegate next, IProviderApi provider, FaultRule fault)
    {
        var clientAborted = context.RequestAborted;
        if (fault.ActDelayMs > 0)
        {
            // The client may be gone when the request runs: read its body now and detach the handler from the
            // connection's lifetime.
            var requestBody = new MemoryStream();
            await context.Request.Body.CopyToAsync(requestBody, clientAborted);
            requestBody.Position = 0;
            context.Request.Body = requestBody;
            context.RequestAborted = CancellationToken.None;
            await Task.Delay(fault.ActDelayMs, CancellationToken.None);
        }

        var responseBody = context.Features.Get<IHttpResponseBodyFeature>()!;
        using var buffer = new MemoryStream();
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(buffer));
        try
        {
            await next(context);
        }
        finally
        {
            context.Features.Set(responseBody);
            context.RequestAborted = clientAborted;
        }

        if (fault.DelayMs > 0) await Task.Delay(fault.DelayMs, clientAborted);
        if (clientAborted.IsCancellationRequested) return true;
        if (fault.DropConnection)
        {
            context.Abort();
            return true;
        }

        if (fault.Body is not null || fault.Status is > 0)
        {
            // Keep the provider's own headers (request id, rate limit); replace status and body.
            context.Response.Headers.ContentLength = null;
            context.Response.Headers.ContentType = default;
            context.Response.Headers.Location = default;
            if (fault.Body is not null) await WriteBodyAsync(context, fault);
            else await provider.WriteErrorAsync(context, fault.Status!.Value, null, fault.RetryAfterSeconds);
            return false;
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(context.Response.Body, clientAborted);
        return false;
    }

    private static async Task WriteBodyAsync(HttpContext context, FaultRule fault)
    {
        context.Response.StatusCode = fault.Status is > 0 ? fault.Status.Value : StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(fault.Body!, context.RequestAborted);
    }

    // The bearer token the client sent, so tests can prove which credential reached the API (the emulator's
    // tokens are fakes; a real secret never comes here).
    private static string? BearerToken(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header.Substring(7).Trim() : null;
    }
}
