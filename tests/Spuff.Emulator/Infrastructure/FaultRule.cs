using System.Text.Json.Serialization;

namespace Spuff.Emulator.Infrastructure;

/// <summary>
/// One injected fault: the next <see cref="Count"/> provider API requests whose method and path match.
/// <para>Before the request runs (the default): delayed by <see cref="DelayMs"/>, then the connection is aborted
/// (<see cref="DropConnection"/>), or answered with <see cref="Body"/> (status <see cref="Status"/>, default 200),
/// or with <see cref="Status"/> in the provider's own error shape and headers, or (none of these) served normally.
/// The request never reaches the provider: nothing changes.</para>
/// <para>After the request ran (<see cref="After"/>, or <see cref="ActDelayMs"/> &gt; 0): the provider handles the
/// request first (state changes happen), then its answer is delayed by <see cref="DelayMs"/> and dropped, replaced by
/// <see cref="Body"/> or by the error <see cref="Status"/>, or (none of these) sent as it was: "the provider acted,
/// the client never heard". <see cref="ActDelayMs"/> holds the request that long before it runs, and it runs even when
/// the client has given up meanwhile: "the provider acted only after the client's timeout".</para>
/// JSON form: <c>{"method":"GET"|null,"pathPrefix":"/v2/droplets","status":429,"retryAfterSeconds":1,
/// "count":1,"delayMs":0,"dropConnection":false,"after":false,"body":null,"actDelayMs":0}</c>.
/// </summary>
public sealed record FaultRule
{
    /// <summary>HTTP method to match (case-insensitive); null matches any.</summary>
    [JsonPropertyName("method")]
    public string? Method { get; init; }

    /// <summary>Ordinal prefix of the request path, e.g. <c>/v2/droplets</c>.</summary>
    [JsonPropertyName("pathPrefix")]
    public string PathPrefix { get; init; } = "/";

    /// <summary>Status to answer with; null (or 0) serves the request normally after the delay (or, with
    /// <see cref="Body"/>, answers 200).</summary>
    [JsonPropertyName("status")]
    public int? Status { get; init; }

    /// <summary>Value of the <c>retry-after</c> header; a 429 without it gets 1.</summary>
    [JsonPropertyName("retryAfterSeconds")]
    public int? RetryAfterSeconds { get; init; }

    /// <summary>How many matching requests the fault applies to (at least 1).</summary>
    [JsonPropertyName("count")]
    public int Count { get; init; } = 1;

    /// <summary>Delay before the fault (or the normal response); with <see cref="After"/>, between the provider
    /// handling the request and the answer.</summary>
    [JsonPropertyName("delayMs")]
    public int DelayMs { get; init; }

    /// <summary>Abort the connection without any response.</summary>
    [JsonPropertyName("dropConnection")]
    public bool DropConnection { get; init; }

    /// <summary>Let the request reach the provider and run first; the fault then applies to its answer.</summary>
    [JsonPropertyName("after")]
    public bool After { get; init; }

    /// <summary>Answer with exactly this body (<c>application/json</c>) and <see cref="Status"/> (default 200),
    /// e.g. <c>{}</c> for a malformed page.</summary>
    [JsonPropertyName("body")]
    public string? Body { get; init; }

    /// <summary>Hold the request this long, then run it whether or not the client still waits (implies
    /// <see cref="After"/>).</summary>
    [JsonPropertyName("actDelayMs")]
    public int ActDelayMs { get; init; }

    /// <summary>True when the provider handles the request before the fault applies to the answer.</summary>
    [JsonIgnore]
    public bool RunsRequest => After || ActDelayMs > 0;

    internal string? Validate()
    {
        if (Count < 1) return "count must be at least 1";
        if (DelayMs < 0) return "delayMs must not be negative";
        if (ActDelayMs < 0) return "actDelayMs must not be negative";
        if (RetryAfterSeconds is < 0) return "retryAfterSeconds must not be negative";
        if (Status is { } s && s != 0 && (s < 200 || s > 599)) return "status must be between 200 and 599";
        if (string.IsNullOrEmpty(PathPrefix) || PathPrefix[0] != '/') return "pathPrefix must start with '/'";
        if (DropConnection && Body is not null) return "dropConnection and body exclude each other";
        return null;
    }

    internal bool Matches(string method, string path) =>
        (string.IsNullOrEmpty(Method) || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase))
        && path.StartsWith(PathPrefix, StringComparison.Ordinal);
}
