using System;
using System.Net;
using System.Net.Http;

namespace Spuff.Providers.Http
{
    /// <summary>
    /// What a failed response says about when to try again, read the same way by the retry handler (how long to
    /// sleep) and the error mapper (the RetryAfter a surfaced error advises). A <c>retry-after</c> header counts
    /// for any status. A <c>ratelimit-reset</c> is a fact about the rate budget, so it counts only for a 429, and
    /// only as the provider's <see cref="RateLimitModel"/> reads it; for a 5xx it means nothing.
    /// </summary>
    internal static class RetryHint
    {
        /// <summary>The wait the response asks for, or null when it asks for none (use the backoff).</summary>
        public static TimeSpan? Of(HttpResponseMessage response, HttpPipelineSettings settings)
        {
            var now = settings.TimeProvider.GetUtcNow();
            var headers = response.Headers;
            if (headers.RetryAfter != null)
            {
                if (headers.RetryAfter.Delta.HasValue)
                {
                    return NotNegative(headers.RetryAfter.Delta.Value);
                }

                if (headers.RetryAfter.Date.HasValue)
                {
                    return NotNegative(headers.RetryAfter.Date.Value - now);
                }
            }

            if (response.StatusCode != (HttpStatusCode)429)
            {
                return null;
            }

            long? remaining = ErrorMapper.TryReadLong(headers, "ratelimit-remaining", out var left) ? left : (long?)null;
            DateTimeOffset? reset = ErrorMapper.TryReadUnixTime(headers, "ratelimit-reset", out var at) ? at : (DateTimeOffset?)null;
            return settings.RateLimitModel.NextRequestIn(remaining, reset, now);
        }

        private static TimeSpan NotNegative(TimeSpan span) => span < TimeSpan.Zero ? TimeSpan.Zero : span;
    }
}
