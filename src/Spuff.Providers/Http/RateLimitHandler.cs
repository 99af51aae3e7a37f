using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Spuff.Core;

namespace Spuff.Providers.Http
{
    /// <summary>Records the rate-limit headers of every response in the provider's tracker.</summary>
    internal sealed class RateLimitHandler : DelegatingHandler
    {
        private readonly HttpPipelineSettings _settings;

        public RateLimitHandler(HttpPipelineSettings settings)
        {
            _settings = settings;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var limits = _settings.RateLimits;
            limits.Update(response.Headers);
            if (limits.Remaining.HasValue)
            {
                _settings.Log?.Write(ProviderLogLevel.Debug, $"{_settings.DisplayName}: rate limit {limits.Remaining}/{limits.Limit} left, resets {limits.Reset:u}");
            }

            return response;
        }
    }
}
