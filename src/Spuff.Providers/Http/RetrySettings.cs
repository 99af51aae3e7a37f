using System;

namespace Spuff.Providers.Http
{
    /// <summary>How the HTTP chain retries. Defaults follow the house style; tests shrink the delays.</summary>
    public sealed class RetrySettings
    {
        public static RetrySettings Default { get; } = new RetrySettings();

        /// <summary>Retries after the first try (so 5 tries in all), like hcloud-go and godo.</summary>
        public int MaxRetries { get; set; } = 4;

        /// <summary>First backoff delay; doubles each retry, with jitter.</summary>
        public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

        public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>The longest retry-after / rate-limit reset we sleep for inside one call; beyond it the caller gets a RateLimit error.</summary>
        public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);
    }
}
