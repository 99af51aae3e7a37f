namespace Spuff.Emulator.DigitalOcean;

// Wire records of the DigitalOcean API v2 subset the emulator serves, field for field as the official
// OpenAPI description names them (serialized with DigitalOceanJson.Options: snake_case, nulls kept).

internal sealed record DoError(string Id, string Message, string RequestId);

internal sealed record DoRegion(string Name, string Slug, IReadOnlyList<string> Features, bool Available, IReadOnlyList<string> Sizes);

internal sealed record DoAmount(int Amount, string Unit);

internal sealed record DoDiskInfo(string Type, DoAmount Size);

internal sealed record DoSize(
    string Slug,
    int Memory,
    int Vcpus,
    int Disk,
    double Transfer,
    double PriceMonthly,
    double PriceHourly,
    IReadOnlyList<string> Regions,
    bool Available,
    string Description,
    IReadOnlyList<DoDiskInfo> DiskInfo);

internal sealed record DoImage(
    long Id,
    string Name,
    string Type,
    string Distribution,
    string? Slug,
    bool Public,
    IReadOnlyList<string> Regions,
    string CreatedAt,
    int? MinDiskSize,
    double? SizeGigabytes,
    string Description,
    IReadOnlyList<string> Tags,
    string Status);

internal sealed record DoNetworkV4(string IpAddress, string Netmask, string Gateway, string Type);

internal sealed record DoNetworkV6(string IpAddress, int Netmask, string Gateway, string Type);

internal sealed record DoNetworks(IReadOnlyList<DoNetworkV4> V4, IReadOnlyList<DoNetworkV6> V6);

internal sealed record DoDroplet(
    long Id,
    string Name,
    int Memory,
    int Vcpus,
    int Disk,
    IReadOnlyList<DoDiskInfo> DiskInfo,
    bool Locked,
    string Status,
    object? Kernel,
    string CreatedAt,
    IReadOnlyList<string> Features,
    IReadOnlyList<long> BackupIds,
    object? NextBackupWindow,
    IReadOnlyList<long> SnapshotIds,
    DoImage Image,
    IReadOnlyList<string> VolumeIds,
    DoSize Size,
    string SizeSlug,
    DoNetworks Networks,
    DoRegion Region,
    IReadOnlyList<string> Tags,
    string VpcUuid);

internal sealed record DoActionLink(long Id, string Rel, string Href);

internal sealed record DoAction(
    long Id,
    string Status,
    string Type,
    string StartedAt,
    string? CompletedAt,
    long? ResourceId,
    string ResourceType,
    DoRegion? Region,
    string? RegionSlug);

internal sealed record DoSnapshot(
    string Id,
    string Name,
    string CreatedAt,
    IReadOnlyList<string> Regions,
    int MinDiskSize,
    double SizeGigabytes,
    string ResourceId,
    string ResourceType,
    IReadOnlyList<string> Tags);

internal sealed record DoDropletSnapshot(
    long Id,
    string Name,
    string CreatedAt,
    IReadOnlyList<string> Regions,
    int MinDiskSize,
    double SizeGigabytes,
    string Type);

internal sealed record DoSshKey(long Id, string Fingerprint, string PublicKey, string Name);

internal sealed record DoTagResourceCount(int Count, string? LastTaggedUri);

internal sealed record DoTagResources(
    int Count,
    string? LastTaggedUri,
    DoTagResourceCount Droplets,
    DoTagResourceCount Images,
    DoTagResourceCount Volumes,
    DoTagResourceCount VolumeSnapshots,
    DoTagResourceCount Databases);

internal sealed record DoTag(string Name, DoTagResources Resources);
