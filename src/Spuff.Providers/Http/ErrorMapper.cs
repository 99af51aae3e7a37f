using System;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using Spuff.Core;

namespace Spuff.Providers.Http
{
    /// <summary>Turns an HTTP error response into a <see cref="ProviderException"/>: the one status table every HTTP provider shares.</summary>
    public static class ErrorMapper
    {
        private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

        private static readonly string[] RequestIdHeaders = { "x-request-id", "X-Correlation-Id", "x-amzn-RequestId" };

        public static ProviderException FromResponse(HttpPipelineSettings settings, HttpResponseMessage response, string body)
        {
            var status = (int)response.StatusCode;
            var payload = settings.ErrorDecoder.Parse(body ?? string.Empty);
            var requestId = payload.RequestId ?? ReadRequestId(response);
            var code = payload.Code;
            var text = string.IsNullOrWhiteSpace(payload.Message) ? response.ReasonPhrase ?? "no message" : payload.Message!.Trim();
            var suffix = Describe(code, status, requestId);
            // What the message tells (a quota in a 422) overrides the status only for client errors: a 429 "rate
            // limit exceeded" stays a rate limit and a 5xx stays a server error.
            var told = status != 429 && status >= 400 && status < 500 ? payload.Kind : null;
            var kind = told ?? settings.ErrorDecoder.KindForCode(status, code) ?? KindForStatus(status);

            ProviderException error;
            switch (kind)
            {
                case ProviderErrorKind.Authentication:
                    error = new ProviderException(kind, $"{settings.DisplayName} rejected the credentials: {text}{suffix}. {settings.CredentialHint}");
                    break;
                case ProviderErrorKind.RateLimit:
                    var retryAfter = RetryHint.Of(response, settings);
                    error = ProviderException.RateLimit(retryAfter, text + suffix);
                    break;
                case ProviderErrorKind.NotFound:
                    error = new ProviderException(kind, $"{settings.DisplayName}: {text}{suffix}") { ResourceId = response.RequestMessage?.RequestUri?.AbsolutePath };
                    break;
                case ProviderErrorKind.InvalidConfig:
                    // Field is the cmdlet parameter the decoder maps the blamed wire field to (never the wire name).
                    var parameter = payload.Parameter;
                    var blamed = parameter != null ? $" (-{parameter})" : string.Empty;
                    error = new ProviderException(kind, $"{settings.DisplayName} rejected the request{blamed}: {text}{suffix}") { Field = parameter };
                    break;
                case ProviderErrorKind.QuotaExceeded:
                    error = new ProviderException(kind, $"{settings.DisplayName} quota exceeded: {text}{suffix}");
                    break;
                default:
                    error = new ProviderException(kind, $"{settings.DisplayName} API error: {text}{suffix}");
                    break;
            }

            error.Provider = settings.ProviderName;
            error.StatusCode = status;
            error.ErrorCode = code;
            error.RequestId = requestId;
            return error;
        }

        public static ProviderErrorKind KindForStatus(int status)
        {
            switch (status)
            {
                case 401: return ProviderErrorKind.Authentication;
                case 403: return ProviderErrorKind.Authentication;
                case 404: return ProviderErrorKind.NotFound;
                case 400:
                case 422: return ProviderErrorKind.InvalidConfig;
                case 429: return ProviderErrorKind.RateLimit;
                default: return ProviderErrorKind.Api;
            }
        }

        public static string? ReadRequestId(HttpResponseMessage response)
        {
            foreach (var name in RequestIdHeaders)
            {
                if (response.Headers.TryGetValues(name, out var values))
                {
                    return values.FirstOrDefault();
                }
            }

            return null;
        }

        /// <summary>retry-after (seconds or HTTP date), else a rate-limit reset given as Unix time; null when neither is there.</summary>
        public static TimeSpan? ReadRetryAfter(HttpResponseHeaders headers, TimeProvider time)
        {
            var now = time.GetUtcNow();
            if (headers.RetryAfter != null)
            {
                if (headers.RetryAfter.Delta.HasValue)
                {
                    return headers.RetryAfter.Delta.Value;
                }

                if (headers.RetryAfter.Date.HasValue)
                {
                    return Positive(headers.RetryAfter.Date.Value - now);
                }
            }

            if (TryReadUnixTime(headers, "ratelimit-reset", out var reset))
            {
                return Positive(reset - now);
            }

            return null;
        }

        public static bool TryReadLong(HttpResponseHeaders headers, string name, out long value)
        {
            value = 0;
            return headers.TryGetValues(name, out var values) &&
                   long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
        }

        /// <summary>A header holding Unix seconds; false when absent, not a number, or beyond what a date can hold.</summary>
        public static bool TryReadUnixTime(HttpResponseHeaders headers, string name, out DateTimeOffset value)
        {
            value = default;
            if (!TryReadLong(headers, name, out var seconds) || seconds <= 0 || seconds > MaxUnixSeconds)
            {
                return false;
            }

            value = DateTimeOffset.FromUnixTimeSeconds(seconds);
            return true;
        }

        private static TimeSpan Positive(TimeSpan span) => span < TimeSpan.Zero ? TimeSpan.Zero : span;

        private static string Describe(string? code, int status, string? requestId)
        {
            var parts = new[]
            {
                code == null ? null : "code " + code,
                "HTTP " + status.ToString(CultureInfo.InvariantCulture),
                requestId == null ? null : "request id " + requestId,
            };
            return " (" + string.Join(", ", parts.Where(p => p != null)) + ")";
        }
    }
}
