using System.Text.Json.Serialization;

namespace Spuff.Emulator.Infrastructure;

/// <summary>The body of <c>POST /_emulator/config</c> and the answer of <c>GET /_emulator/config</c>;
/// null fields are left unchanged. <c>publicAddress</c> (e.g. "127.0.0.1") gives instances that become ready from then on
/// that public IPv4 address, so a real sshd on loopback can stand in for them; "" goes back to the 203.0.113.x addresses.</summary>
public sealed record EmulatorConfig(
    [property: JsonPropertyName("readyDelayMs")] int? ReadyDelayMs,
    [property: JsonPropertyName("actionDelayMs")] int? ActionDelayMs,
    [property: JsonPropertyName("latencyMs")] int? LatencyMs)
{
    /// <summary>See <see cref="EmulatorSettings.VisibilityLag"/>.</summary>
    [JsonPropertyName("visibilityLagMs")]
    public int? VisibilityLagMs { get; init; }

    /// <summary>See <see cref="EmulatorSettings.PublicAddress"/>; "" goes back to the 203.0.113.x addresses.</summary>
    [JsonPropertyName("publicAddress")]
    public string? PublicAddress { get; init; }
}
