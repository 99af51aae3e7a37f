using Microsoft.AspNetCore.Connections;

namespace Spuff.Emulator.Infrastructure;

/// <summary>The shared front of every provider API: request log, latency, fault injection and a last-resort
/// error handler that answers in the provider's shape. Control endpoints pass straight through.</summary>
internal sealed class EmulatorMiddleware
{
    private readonly IReadOnlyList<IProviderApi> _providers;
    private readonly EmulatorSettings _settings;
    private readonly FaultInjector _faults;
    private readonly RequestLog _log;

    public EmulatorMiddleware(IReadOnlyList<IProviderApi> providers, EmulatorSettings settings, FaultInjector faults, RequestLog log)
    {
        _providers = providers;
        _settings = settings;
        _faults = faults;
        _log = log;
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var provider = _providers.FirstOrDefault(p => context.Request.Path.StartsWithSegments(p.PathPrefix));
        if (provider is null)
        {
            await next(context);
            return;
        }

        var method = context.Request.Method;
        var path = context.Request.Path.Value ?? "/";
        var query = context.Request.QueryString.HasValue ? context.Request.QueryString.Value!.TrimStart('?') : string.Empty;
        var dropped = false;
        try
        {
            var latency = _settings.Latency;
            if (latency > TimeSpan.Zero) await Task.Delay(latency, context.RequestAborted);

            if (_faults.TryTake(method, path) is { } fault)
            {
                if (fault.DelayMs > 0) await Task.Delay(fault.DelayMs, context.RequestAborted);
                if (fault.DropConnection)
                {
                    dropped = true;
                    context.Abort();
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
            _log.Add(new RequestLogEntry(method, path, query, dropped ? 0 : context.Response.StatusCode));
        }
    }
}
