using System.Text.Json.Serialization;

namespace Spuff.FaultProxy;

/// <summary>One provider request as the proxy saw it: what it did, and what the upstream answered (0 = not forwarded
/// or no answer).</summary>
public sealed record FaultLogEntry(
    [property: JsonPropertyName("seq")] long Sequence,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("query")] string Query,
    [property: JsonPropertyName("fault")] FaultKind Fault,
    [property: JsonPropertyName("upstreamStatus")] int UpstreamStatus);
