using System.Text.Json.Serialization;

namespace Spuff.FaultProxy;

/// <summary>The proxy's knobs; <c>POST /_proxy/config</c> replaces the fields it names.</summary>
public sealed class ProxySettings
{
    /// <summary>Share of provider requests that get a fault, 0..1.</summary>
    [JsonPropertyName("rate")]
    public double Rate { get; set; } = 0.2;

    /// <summary>Seed of the fault sequence: the same seed and the same request order give the same faults.</summary>
    [JsonPropertyName("seed")]
    public int Seed { get; set; } = 1;

    /// <summary>How long a StallAfter answer is held back, in milliseconds.</summary>
    [JsonPropertyName("stallMs")]
    public int StallMs { get; set; } = 3000;

    /// <summary>The kinds drawn from, equally likely; empty means all.</summary>
    [JsonPropertyName("kinds")]
    public List<FaultKind> Kinds { get; set; } = new();

    /// <summary>When false every request passes untouched.</summary>
    [JsonPropertyName("enabled")]
    public bool Enabled { get; set; } = true;

    internal FaultKind[] EffectiveKinds() => Kinds.Count > 0
        ? Kinds.Where(k => k != FaultKind.None).Distinct().ToArray()
        : Enum.GetValues<FaultKind>().Where(k => k != FaultKind.None).ToArray();
}
