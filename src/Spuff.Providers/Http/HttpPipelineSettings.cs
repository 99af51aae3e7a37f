using System;
using System.Collections.Generic;
using System.Net.Http;
using Spuff.Core;

namespace Spuff.Providers.Http
{
    /// <summary>Everything one provider instance's HTTP chain needs. Built by the provider's factory.</summary>
    public sealed class HttpPipelineSettings
    {
        public HttpPipelineSettings(string providerName, string displayName, Uri baseAddress, IErrorDecoder errorDecoder)
        {
            ProviderName = providerName;
            DisplayName = displayName;
            BaseAddress = baseAddress;
            ErrorDecoder = errorDecoder;
        }

        /// <summary>
        /// The settings of a token-authenticated provider: the token (option or environment variable) and the endpoint
        /// (option, override variable or production) are resolved and checked here, before any request.
        /// </summary>
        public static HttpPipelineSettings ForTokenProvider(
            ProviderOptions options,
            ProviderType type,
            string displayName,
            string endpointVariable,
            Uri productionEndpoint,
            IErrorDecoder errorDecoder,
            string credentialHint)
        {
            var token = TokenResolver.Require(options, type, displayName);
            var endpoint = EndpointResolver.Resolve(options.Endpoint, endpointVariable, productionEndpoint);
            EndpointResolver.Report(options.Log, displayName, endpoint, productionEndpoint, options.Endpoint != null ? "the Endpoint option" : "$env:" + endpointVariable, sendsToken: true);
            return new HttpPipelineSettings(type.GetName(), displayName, endpoint, errorDecoder)
            {
                Token = token,
                CredentialHint = credentialHint,
                Log = options.Log,
                Timeouts = options.Timeouts ?? ProviderTimeouts.Default,
            };
        }

        /// <summary>Canonical name, put on every error.</summary>
        public string ProviderName { get; }

        /// <summary>Name for messages ("DigitalOcean").</summary>
        public string DisplayName { get; }

        /// <summary>The API root with a trailing slash (https://api.digitalocean.com/v2/).</summary>
        public Uri BaseAddress { get; }

        public IErrorDecoder ErrorDecoder { get; }

        /// <summary>The bearer token; only the auth handler reads it.</summary>
        public string? Token { get; set; }

        /// <summary>How to fix rejected credentials ("Set $env:DIGITALOCEAN_TOKEN or pass -Token.").</summary>
        public string CredentialHint { get; set; } = string.Empty;

        public IProviderLog? Log { get; set; }

        public ProviderTimeouts Timeouts { get; set; } = ProviderTimeouts.Default;

        public RetrySettings Retry { get; set; } = RetrySettings.Default;

        public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

        /// <summary>Statuses retried for idempotent requests besides 502/503/504 (Hetzner: 409 conflict, 423 locked).</summary>
        public ISet<int> IdempotentRetryStatuses { get; } = new HashSet<int> { 502, 503, 504 };

        public RateLimitTracker RateLimits { get; } = new RateLimitTracker();

        /// <summary>How the provider's rate budget refills: decides what a 429's ratelimit-reset means for the
        /// next request (DigitalOcean: a sliding window; Hetzner: a token bucket refilled one request per second).</summary>
        public RateLimitModel RateLimitModel { get; set; } = RateLimitModel.SlidingWindow;

        /// <summary>Replaces the pooled primary handler (tests only).</summary>
        public Func<HttpMessageHandler>? PrimaryHandlerFactory { get; set; }
    }
}
