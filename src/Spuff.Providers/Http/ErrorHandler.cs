using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Polly.Timeout;
using Spuff.Core;

namespace Spuff.Providers.Http
{
    /// <summary>
    /// The outermost handler: after retries are spent, turns every failure into a <see cref="ProviderException"/>:
    /// error statuses through the provider's decoder, transport failures into Network. Only success leaves it.
    /// </summary>
    internal sealed class ErrorHandler : DelegatingHandler
    {
        private readonly HttpPipelineSettings _settings;

        public ErrorHandler(HttpPipelineSettings settings)
        {
            _settings = settings;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (TimeoutRejectedException ex)
            {
                throw Network($"{request.Method.Method} {request.RequestUri?.AbsolutePath} got no answer within {_settings.Timeouts.HttpRequest.TotalSeconds:0.#} s", ex);
            }
            catch (HttpRequestException ex)
            {
                throw Network($"{request.Method.Method} {request.RequestUri?.AbsolutePath} failed: {Innermost(ex).Message}", ex);
            }
            catch (OperationCanceledException ex)
            {
                throw Network($"{request.Method.Method} {request.RequestUri?.AbsolutePath} was aborted: {ex.Message}", ex);
            }

            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            using (response)
            {
                var body = await ResponseText.ReadAsync(response.Content).ConfigureAwait(false);
                throw ErrorMapper.FromResponse(_settings, response, body);
            }
        }

        private ProviderException Network(string message, Exception inner)
        {
            var error = ProviderException.Network($"{_settings.DisplayName} ({_settings.BaseAddress.Host}): {message}", inner);
            error.Provider = _settings.ProviderName;
            return error;
        }

        private static Exception Innermost(Exception ex)
        {
            while (ex.InnerException != null)
            {
                ex = ex.InnerException;
            }

            return ex;
        }
    }
}
