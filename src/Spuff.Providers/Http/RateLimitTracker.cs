using System;
using System.Net.Http.Headers;

namespace Spuff.Providers.Http
{
    /// <summary>
    /// The provider's rate budget as its last response described it (ratelimit-limit/remaining/reset). Waiters ask
    /// it to stretch their pauses when the budget runs low, so polling slows down before the budget hits zero.
    /// Thread-safe.
    /// </summary>
    public sealed class RateLimitTracker
    {
        private readonly object _gate = new object();
        private long? _limit;
        private long? _remaining;
        private DateTimeOffset? _reset;

        /// <summary>Below this share of the limit, pauses are stretched to spread what is left until the reset.</summary>
        public double LowWaterMark { get; set; } = 0.1;

        public long? Limit { get { lock (_gate) { return _limit; } } }

        public long? Remaining { get { lock (_gate) { return _remaining; } } }

        public DateTimeOffset? Reset { get { lock (_gate) { return _reset; } } }

        public void Update(HttpResponseHeaders headers)
        {
            var hasLimit = ErrorMapper.TryReadLong(headers, "ratelimit-limit", out var limit);
            var hasRemaining = ErrorMapper.TryReadLong(headers, "ratelimit-remaining", out var remaining);
            var hasReset = ErrorMapper.TryReadUnixTime(headers, "ratelimit-reset", out var reset);
            lock (_gate)
            {
                if (hasLimit) { _limit = limit; }
                if (hasRemaining) { _remaining = remaining; }
                if (hasReset) { _reset = reset; }
            }
        }

        public void Update(long limit, long remaining, DateTimeOffset reset)
        {
            lock (_gate)
            {
                _limit = limit;
                _remaining = remaining;
                _reset = reset;
            }
        }

        /// <summary>
        /// The pause to use instead of <paramref name="pause"/>: unchanged while the budget is healthy; when it is low,
        /// long enough that the remaining requests last until the reset (capped at five minutes).
        /// </summary>
        public TimeSpan Pace(TimeSpan pause, DateTimeOffset now)
        {
            long? limit, remaining;
            DateTimeOffset? reset;
            lock (_gate)
            {
                limit = _limit;
                remaining = _remaining;
                reset = _reset;
            }

            if (limit == null || remaining == null || reset == null || limit <= 0 || remaining > limit * LowWaterMark)
            {
                return pause;
            }

            var untilReset = reset.Value - now;
            if (untilReset <= TimeSpan.Zero)
            {
                return pause;
            }

            var spread = TimeSpan.FromTicks(untilReset.Ticks / Math.Max(1, remaining.Value));
            var capped = spread > TimeSpan.FromMinutes(5) ? TimeSpan.FromMinutes(5) : spread;
            return capped > pause ? capped : pause;
        }
    }
}
