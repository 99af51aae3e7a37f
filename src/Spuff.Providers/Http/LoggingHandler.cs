using System;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Spuff.Core;

namespace Spuff.Providers.Http
{
    /// <summary>
    /// One Verbose line per HTTP attempt: method, path and query, status, milliseconds, request id. It sits inside the
    /// retry handler, so every retry shows. Bodies and headers are never written (they hold tokens and user data).
    /// </summary>
    internal sealed class LoggingHandler : DelegatingHandler
    {
        private readonly HttpPipelineSettings _settings;

        public LoggingHandler(HttpPipelineSettings settings)
        {
            _settings = settings;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var log = _settings.Log;
            var target = request.RequestUri?.PathAndQuery ?? string.Empty;
            var watch = Stopwatch.StartNew();
            try
            {
                var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (log != null)
                {
                    var requestId = ErrorMapper.ReadRequestId(response);
                    log.Write(ProviderLogLevel.Verbose, string.Format(
                        CultureInfo.InvariantCulture,
                        "{0}: {1} {2} -> {3} {4} in {5} ms{6}",
                        _settings.DisplayName,
                        request.Method.Method,
                        target,
                        (int)response.StatusCode,
                        response.ReasonPhrase,
                        watch.ElapsedMilliseconds,
                        requestId == null ? string.Empty : " (request id " + requestId + ")"));
                }

                return response;
            }
            catch (Exception ex) when (log != null && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                log.Write(ProviderLogLevel.Verbose, $"{_settings.DisplayName}: {request.Method.Method} {target} -> failed after {watch.ElapsedMilliseconds} ms: {ex.GetType().Name}: {ex.Message}");
                throw;
            }
        }
    }
}
