using System;

namespace Spuff.Providers.Http
{
    /// <summary>
    /// How a provider's rate budget refills, which decides what its <c>ratelimit-reset</c> header means for the
    /// next request after a 429. Set per provider in <see cref="HttpPipelineSettings.RateLimitModel"/>.
    /// </summary>
    public abstract class RateLimitModel
    {
        /// <summary>
        /// A window of recent requests (DigitalOcean: 5,000 per hour): <c>ratelimit-reset</c> is when the oldest
        /// request leaves the window, which frees the next request. With budget left, the 429 was a burst limit
        /// and only its retry-after says how long to wait.
        /// </summary>
        public static RateLimitModel SlidingWindow { get; } = new SlidingWindowModel();

        /// <summary>
        /// A token bucket refilled at <paramref name="requestsPerSecond"/> (Hetzner: one per second):
        /// <c>ratelimit-reset</c> is when the bucket is full again, so with an empty bucket the next request is
        /// allowed after one refill interval, not at the reset.
        /// </summary>
        public static RateLimitModel TokenBucket(double requestsPerSecond) => new TokenBucketModel(requestsPerSecond);

        /// <summary>How long until the next request is allowed, from the budget a 429 reported; null when it
        /// does not say.</summary>
        /// <param name="remaining">ratelimit-remaining, when given.</param>
        /// <param name="reset">ratelimit-reset, when given.</param>
        /// <param name="now">The current time of the chain's clock.</param>
        public abstract TimeSpan? NextRequestIn(long? remaining, DateTimeOffset? reset, DateTimeOffset now);

        private static TimeSpan NotNegative(TimeSpan span) => span < TimeSpan.Zero ? TimeSpan.Zero : span;

        private sealed class SlidingWindowModel : RateLimitModel
        {
            public override TimeSpan? NextRequestIn(long? remaining, DateTimeOffset? reset, DateTimeOffset now)
            {
                if (reset == null || (remaining.HasValue && remaining.Value > 0))
                {
                    return null;
                }

                return NotNegative(reset.Value - now);
            }

            public override string ToString() => "sliding window (reset frees the next request)";
        }

        private sealed class TokenBucketModel : RateLimitModel
        {
            private readonly TimeSpan _refill;

            public TokenBucketModel(double requestsPerSecond)
            {
                if (!(requestsPerSecond > 0) || double.IsInfinity(requestsPerSecond))
                {
                    throw new ArgumentOutOfRangeException(nameof(requestsPerSecond), requestsPerSecond, "The refill rate must be positive.");
                }

                _refill = TimeSpan.FromSeconds(1 / requestsPerSecond);
            }

            public override TimeSpan? NextRequestIn(long? remaining, DateTimeOffset? reset, DateTimeOffset now)
            {
                if (remaining.HasValue && remaining.Value > 0)
                {
                    // Budget left yet refused: a short burst rule; one refill interval is the honest guess.
                    return _refill;
                }

                if (reset == null)
                {
                    return remaining.HasValue ? _refill : (TimeSpan?)null;
                }

                // Empty bucket: one token comes back per interval; the reset (bucket full) is far later.
                var untilFull = NotNegative(reset.Value - now);
                return untilFull < _refill ? untilFull : _refill;
            }

            public override string ToString() => $"token bucket (one request per {_refill.TotalSeconds:0.###} s)";
        }
    }
}
