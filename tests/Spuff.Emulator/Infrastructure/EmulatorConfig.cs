using System.Text.Json.Serialization;

namespace Spuff.Emulator.Infrastructure;

/// <summary>The body of <c>POST /_emulator/config</c> and the answer of <c>GET /_emulator/config</c>;
/// null fields are left unchanged.</summary>
public sealed record EmulatorConfig(
    [property: JsonPropertyName("readyDelayMs")] int? ReadyDelayMs,
    [property: JsonPropertyName("actionDelayMs")] int? ActionDelayMs,
    [property: JsonPropertyName("latencyMs")] int? LatencyMs)
{
    /// <summary>See <see cref="EmulatorSettings.VisibilityLag"/>.</summary>
    [JsonPropertyName("visibilityLagMs")]
    public int? VisibilityLagMs { get; init; }
}
