using System.Text.Json.Serialization;

namespace Spuff.Emulator.Infrastructure;

/// <summary>One provider API request as the emulator answered it. <see cref="Status"/> is 0 when the
/// connection was dropped by a fault; <see cref="Query"/> has no leading '?'.</summary>
public sealed record RequestLogEntry(
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("query")] string Query,
    [property: JsonPropertyName("status")] int Status);
