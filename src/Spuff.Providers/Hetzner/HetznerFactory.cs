using System;
using Spuff.Core;
using Spuff.Providers.Http;

namespace Spuff.Providers.Hetzner
{
    /// <summary>Makes Hetzner Cloud providers: token from -Token, HETZNER_TOKEN or HCLOUD_TOKEN; endpoint override SPUFF_HETZNER_ENDPOINT.</summary>
    public sealed class HetznerFactory : IProviderFactory
    {
        public const string EndpointVariable = "SPUFF_HETZNER_ENDPOINT";

        public static readonly Uri ProductionEndpoint = new Uri("https://api.hetzner.cloud/v1/");

        public ProviderType ProviderType => ProviderType.Hetzner;

        public bool IsImplemented => true;

        public bool SupportsSnapshots => true;

        public IProvider Create(ProviderOptions options) => new HetznerProvider(CreateSettings(options ?? new ProviderOptions()));

        /// <summary>The HTTP chain settings for one provider; tests shrink the retry delays or swap the clock on them.</summary>
        internal static HttpPipelineSettings CreateSettings(ProviderOptions options)
        {
            // A region given for the call (Get-SpuffInstance -Region) is checked for shape before any request.
            if (options.Region != null)
            {
                HetznerValidation.Slug(options.Region, "Region");
            }

            var settings = HttpPipelineSettings.ForTokenProvider(
                options,
                ProviderType.Hetzner,
                "Hetzner Cloud",
                EndpointVariable,
                ProductionEndpoint,
                HetznerErrorDecoder.Instance,
                "Set $env:HETZNER_TOKEN (or $env:HCLOUD_TOKEN) or pass -Token; the token needs Read & Write permission.");

            // 409 conflict ("changed during the request, please retry") and 423 locked (an action is running)
            // clear up by themselves; hcloud-go retries them too. Only for GET/DELETE, like 502/503/504.
            settings.IdempotentRetryStatuses.Add(409);
            settings.IdempotentRetryStatuses.Add(423);

            // RateLimit-Reset is when the bucket is full again; it refills one request per second, so after a 429
            // with an empty bucket the next request is allowed in about a second, not at the reset.
            settings.RateLimitModel = RateLimitModel.TokenBucket(1);
            return settings;
        }
    }
}
