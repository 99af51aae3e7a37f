namespace Spuff.Emulator.DigitalOcean;

/// <summary>A droplet as the emulator keeps it (mutable; only touched under the state's lock).</summary>
internal sealed class DropletRecord
{
    public required long Id { get; init; }
    public required string Name { get; init; }
    public required string RegionSlug { get; init; }
    public required string SizeSlug { get; init; }
    public required ImageRecord Image { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset ReadyAt { get; init; }
    public string Status { get; set; } = "new";
    public List<string> Tags { get; init; } = new();
    public List<long> SnapshotIds { get; } = new();
    public bool Ipv6 { get; init; }
    public bool Monitoring { get; init; }
    public required string VpcUuid { get; init; }
    public string? UserData { get; init; }
    public List<long> SshKeyIds { get; init; } = new();
    public string? PublicIpv4 { get; set; }
    public string? PrivateIpv4 { get; set; }
    public string? PublicIpv6 { get; set; }
}
