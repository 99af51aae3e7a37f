using System.Text.Json.Serialization;

namespace Spuff.Emulator.Infrastructure;

/// <summary>One provider API request as the emulator answered it. <see cref="Status"/> is 0 when the
/// connection was dropped by a fault; <see cref="Query"/> has no leading '?'. <see cref="Started"/> (when the
/// request reached the emulator, before any latency) and <see cref="Finished"/> (when its answer was complete)
/// are wall-clock times, so a client's requests in flight at once show as overlapping intervals.</summary>
public sealed record RequestLogEntry(
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("query")] string Query,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("started")] DateTimeOffset Started = default,
    [property: JsonPropertyName("finished")] DateTimeOffset Finished = default)
{
    /// <summary>The bearer token of the request (null without one), to check which credential a client used.</summary>
    [JsonPropertyName("token")]
    public string? Token { get; init; }
}
