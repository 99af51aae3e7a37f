namespace Spuff.Emulator.DigitalOcean;

/// <summary>An action (create, snapshot) as the emulator keeps it; completes at <see cref="CompletesAt"/>.</summary>
internal sealed class ActionRecord
{
    public required long Id { get; init; }
    public required string Type { get; init; }
    public string Status { get; set; } = "in-progress";
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset CompletesAt { get; init; }
    public DateTimeOffset? CompletedAt { get; set; }
    public required long ResourceId { get; init; }
    public string ResourceType { get; init; } = "droplet";
    public required string RegionSlug { get; init; }

    /// <summary>For a snapshot action: the name the snapshot gets.</summary>
    public string? SnapshotName { get; init; }

    /// <summary>For a snapshot action: the disk of the droplet, the snapshot's min_disk_size.</summary>
    public int SnapshotMinDisk { get; init; }

    /// <summary>Ends <c>errored</c> instead of <c>completed</c> (fault injection).</summary>
    public bool WillError { get; init; }

    /// <summary>For a snapshot action: the droplet's image distribution.</summary>
    public string SnapshotDistribution { get; init; } = "Unknown";
}
