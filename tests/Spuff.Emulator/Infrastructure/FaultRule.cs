using System.Text.Json.Serialization;

namespace Spuff.Emulator.Infrastructure;

/// <summary>
/// One injected fault: the next <see cref="Count"/> provider API requests whose method and path match are
/// delayed by <see cref="DelayMs"/>, then either have their connection aborted (<see cref="DropConnection"/>),
/// or get <see cref="Status"/> with the provider's own error body and headers, or (no status) are served normally.
/// JSON form: <c>{"method":"GET"|null,"pathPrefix":"/v2/droplets","status":429,"retryAfterSeconds":1,
/// "count":1,"delayMs":0,"dropConnection":false}</c>.
/// </summary>
public sealed record FaultRule
{
    /// <summary>HTTP method to match (case-insensitive); null matches any.</summary>
    [JsonPropertyName("method")]
    public string? Method { get; init; }

    /// <summary>Ordinal prefix of the request path, e.g. <c>/v2/droplets</c>.</summary>
    [JsonPropertyName("pathPrefix")]
    public string PathPrefix { get; init; } = "/";

    /// <summary>Status to answer with; null (or 0) serves the request normally after the delay.</summary>
    [JsonPropertyName("status")]
    public int? Status { get; init; }

    /// <summary>Value of the <c>retry-after</c> header; a 429 without it gets 1.</summary>
    [JsonPropertyName("retryAfterSeconds")]
    public int? RetryAfterSeconds { get; init; }

    /// <summary>How many matching requests the fault applies to (at least 1).</summary>
    [JsonPropertyName("count")]
    public int Count { get; init; } = 1;

    /// <summary>Delay before the fault (or the normal response).</summary>
    [JsonPropertyName("delayMs")]
    public int DelayMs { get; init; }

    /// <summary>Abort the connection without any response.</summary>
    [JsonPropertyName("dropConnection")]
    public bool DropConnection { get; init; }

    internal string? Validate()
    {
        if (Count < 1) return "count must be at least 1";
        if (DelayMs < 0) return "delayMs must not be negative";
        if (RetryAfterSeconds is < 0) return "retryAfterSeconds must not be negative";
        if (Status is { } s && s != 0 && (s < 200 || s > 599)) return "status must be between 200 and 599";
        if (string.IsNullOrEmpty(PathPrefix) || PathPrefix[0] != '/') return "pathPrefix must start with '/'";
        return null;
    }

    internal bool Matches(string method, string path) =>
        (string.IsNullOrEmpty(Method) || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase))
        && path.StartsWith(PathPrefix, StringComparison.Ordinal);
}
