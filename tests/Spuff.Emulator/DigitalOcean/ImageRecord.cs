namespace Spuff.Emulator.DigitalOcean;

/// <summary>An image: a seeded distribution image (type base, public) or a droplet snapshot (type snapshot).</summary>
internal sealed class ImageRecord
{
    public required long Id { get; init; }
    public required string Name { get; init; }
    public required string Type { get; init; }
    public required string Distribution { get; init; }
    public string? Slug { get; init; }
    public bool Public { get; init; }
    public required List<string> Regions { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public int MinDiskSize { get; init; }
    public double SizeGigabytes { get; init; }
    public string Description { get; init; } = string.Empty;
    public List<string> Tags { get; } = new();

    /// <summary>For a snapshot: the droplet it was taken from.</summary>
    public long? SourceDropletId { get; init; }

    public bool IsSnapshot => Type == "snapshot";

    public DoImage ToWire() => new(
        Id, Name, Type, Distribution, Slug, Public, Regions.ToArray(), DigitalOceanJson.Time(CreatedAt),
        MinDiskSize, SizeGigabytes, Description, Tags.ToArray(), "available");

    public DoSnapshot ToSnapshotWire() => new(
        Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Name, DigitalOceanJson.Time(CreatedAt), Regions.ToArray(),
        MinDiskSize, SizeGigabytes,
        (SourceDropletId ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture), "droplet", Tags.ToArray());
}
