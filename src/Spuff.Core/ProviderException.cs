using System;
using System.Collections.Generic;

namespace Spuff.Core
{
    /// <summary>
    /// The one exception type provider operations throw. <see cref="Kind"/> says what went wrong; the message
    /// carries the provider's own error code and request id when it gave them, and never a credential.
    /// </summary>
    public sealed class ProviderException : Exception
    {
        public ProviderException(ProviderErrorKind kind, string message, Exception? innerException = null)
            : base(message, innerException)
        {
            Kind = kind;
        }

        public ProviderErrorKind Kind { get; }

        /// <summary>Canonical provider name, when known.</summary>
        public string? Provider { get; set; }

        /// <summary>The parameter or API field at fault (InvalidConfig).</summary>
        public string? Field { get; set; }

        /// <summary>"instance", "snapshot", "action", "image", … (NotFound, QuotaExceeded).</summary>
        public string? ResourceType { get; set; }

        /// <summary>The id or name that was looked for.</summary>
        public string? ResourceId { get; set; }

        /// <summary>HTTP status, when the error came from an HTTP response.</summary>
        public int? StatusCode { get; set; }

        /// <summary>The provider's own error code (e.g. "unprocessable_entity", "InvalidAMIID.NotFound").</summary>
        public string? ErrorCode { get; set; }

        /// <summary>The provider's request or correlation id, for support tickets.</summary>
        public string? RequestId { get; set; }

        /// <summary>How long a wait ran before it gave up (Timeout).</summary>
        public TimeSpan? Elapsed { get; set; }

        /// <summary>The operation that timed out or failed.</summary>
        public string? Operation { get; set; }

        /// <summary>What the provider asked us to wait before retrying (RateLimit).</summary>
        public TimeSpan? ProviderRetryAfter { get; set; }

        public IReadOnlyList<string> SupportedProviders { get; set; } = Array.Empty<string>();

        /// <summary>The instance the error is about, when there is one: for <see cref="ProviderErrorKind.AlreadyExists"/>
        /// the instance that already carries the name.</summary>
        public ProviderInstance? Instance { get; set; }

        /// <summary>
        /// True when a create failed in a way that leaves open whether the provider made the instance (a lost answer, a
        /// timeout, a 5xx) and Spuff could not find out: an instance named <see cref="ResourceId"/> may exist.
        /// </summary>
        public bool OutcomeUnknown { get; set; }

        /// <summary>Rate limits, timeouts and network failures may succeed when tried again.</summary>
        public bool IsRetryable =>
            Kind == ProviderErrorKind.RateLimit || Kind == ProviderErrorKind.Timeout || Kind == ProviderErrorKind.Network;

        /// <summary>
        /// How long to wait before retrying: the provider's retry-after for rate limits, 5 s after a timeout,
        /// 2 s after a network failure, none for errors that retrying will not fix.
        /// </summary>
        public TimeSpan? RetryAfter
        {
            get
            {
                switch (Kind)
                {
                    case ProviderErrorKind.RateLimit: return ProviderRetryAfter;
                    case ProviderErrorKind.Timeout: return TimeSpan.FromSeconds(5);
                    case ProviderErrorKind.Network: return TimeSpan.FromSeconds(2);
                    default: return null;
                }
            }
        }

        public static ProviderException Authentication(string provider, string message) =>
            new ProviderException(ProviderErrorKind.Authentication, $"Authentication failed for {provider}: {message}") { Provider = provider };

        public static ProviderException RateLimit(TimeSpan? retryAfter, string? detail = null) =>
            new ProviderException(
                ProviderErrorKind.RateLimit,
                "Rate limit exceeded" + (retryAfter.HasValue ? $", retry after {retryAfter.Value.TotalSeconds:0.#} s" : string.Empty) +
                (string.IsNullOrEmpty(detail) ? string.Empty : ": " + detail))
            { ProviderRetryAfter = retryAfter };

        public static ProviderException NotFound(string resourceType, string id) =>
            new ProviderException(ProviderErrorKind.NotFound, $"{resourceType} not found: {id}") { ResourceType = resourceType, ResourceId = id };

        public static ProviderException QuotaExceeded(string resource, string message) =>
            new ProviderException(ProviderErrorKind.QuotaExceeded, $"Quota exceeded for {resource}: {message}") { ResourceType = resource };

        public static ProviderException InvalidConfig(string field, string message) =>
            new ProviderException(ProviderErrorKind.InvalidConfig, $"Invalid configuration for {field}: {message}") { Field = field };

        public static ProviderException NotSupported(string feature) =>
            new ProviderException(ProviderErrorKind.NotSupported, $"Feature not supported: {feature}") { Operation = feature };

        public static ProviderException Timeout(string operation, TimeSpan elapsed) =>
            new ProviderException(ProviderErrorKind.Timeout, $"Operation timed out after {FormatElapsed(elapsed)}: {operation}")
            { Operation = operation, Elapsed = elapsed };

        public static ProviderException Network(string message, Exception? innerException = null) =>
            new ProviderException(ProviderErrorKind.Network, $"Network error: {message}", innerException);

        public static ProviderException Api(int status, string message) =>
            new ProviderException(ProviderErrorKind.Api, $"API error ({status}): {message}") { StatusCode = status };

        public static ProviderException NotImplemented(string name) =>
            new ProviderException(ProviderErrorKind.NotImplemented, $"Provider '{name}' is not yet implemented") { Provider = name };

        public static ProviderException UnknownProvider(string name, IReadOnlyList<string> supported) =>
            new ProviderException(ProviderErrorKind.UnknownProvider, $"Unknown provider: '{name}'. Supported providers: {string.Join(", ", supported)}")
            { ResourceId = name, SupportedProviders = supported };

        /// <summary>A create refused because a Spuff instance already has the name; <paramref name="existing"/> is it.</summary>
        public static ProviderException AlreadyExists(ProviderInstance existing, string message) =>
            new ProviderException(ProviderErrorKind.AlreadyExists, message)
            {
                Provider = existing.Provider,
                Instance = existing,
                ResourceType = "instance",
                ResourceId = existing.Name ?? existing.Id,
                Operation = "create",
            };

        public static ProviderException Other(string message, Exception? innerException = null) =>
            new ProviderException(ProviderErrorKind.Other, message, innerException);

        private static string FormatElapsed(TimeSpan elapsed) =>
            elapsed.TotalSeconds >= 1 ? $"{elapsed.TotalSeconds:0.#} s" : $"{elapsed.TotalMilliseconds:0} ms";
    }
}
