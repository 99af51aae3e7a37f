namespace Spuff.Emulator.DigitalOcean;

/// <summary>The fixed catalogue every emulator starts with (and returns to on reset).</summary>
internal static class DigitalOceanSeed
{
    public static readonly IReadOnlyList<string> SizeSlugs = new[] { "s-1vcpu-1gb", "s-1vcpu-2gb", "s-2vcpu-4gb" };

    private static readonly string[] RegionFeatures = { "backups", "ipv6", "metadata", "install_agent", "storage", "image_transfer" };

    public static readonly IReadOnlyList<DoRegion> Regions = new[]
    {
        new DoRegion("New York 1", "nyc1", RegionFeatures, true, SizeSlugs.ToArray()),
        new DoRegion("New York 3", "nyc3", RegionFeatures, true, SizeSlugs.ToArray()),
        new DoRegion("Amsterdam 3", "ams3", RegionFeatures, true, SizeSlugs.ToArray()),
        new DoRegion("Frankfurt 1", "fra1", RegionFeatures, true, SizeSlugs.ToArray()),
        new DoRegion("San Francisco 3", "sfo3", RegionFeatures, true, SizeSlugs.ToArray()),
    };

    private static readonly string[] RegionSlugs = Regions.Select(r => r.Slug).ToArray();

    public static readonly IReadOnlyList<DoSize> Sizes = new[]
    {
        Size("s-1vcpu-1gb", 1024, 1, 25, 1.0, 6.0, 0.00893, "Basic"),
        Size("s-1vcpu-2gb", 2048, 1, 50, 2.0, 12.0, 0.01786, "Basic"),
        Size("s-2vcpu-4gb", 4096, 2, 80, 4.0, 24.0, 0.03571, "Basic"),
    };

    public static readonly IReadOnlyList<DoSshKey> SshKeys = new[]
    {
        new DoSshKey(289794, "3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa",
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGJ0c3B1ZmYtZW11bGF0b3Ita2V5LW9uZS0wMDAwMDAwMDAw spuff@emulator-one",
            "spuff-emulator-one"),
        new DoSshKey(289795, "6d:1a:0e:53:9e:2c:7b:41:aa:58:c0:11:be:2d:73:90",
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHNwdWZmLWVtdWxhdG9yLWtleS10d28tMDAwMDAwMDAwMDA spuff@emulator-two",
            "spuff-emulator-two"),
    };

    public static IEnumerable<ImageRecord> Images()
    {
        var created = new DateTimeOffset(2025, 4, 25, 13, 0, 0, TimeSpan.Zero);
        yield return Distribution(155000001, "24.04 (LTS) x64", "Ubuntu", "ubuntu-24-04-x64", 7, 2.36, created);
        yield return Distribution(155000002, "22.04 (LTS) x64", "Ubuntu", "ubuntu-22-04-x64", 7, 2.14, created.AddDays(-400));
        yield return Distribution(155000003, "12 x64", "Debian", "debian-12-x64", 7, 0.96, created.AddDays(-200));
    }

    private static ImageRecord Distribution(long id, string name, string distribution, string slug, int minDisk, double sizeGb, DateTimeOffset created) => new()
    {
        Id = id,
        Name = name,
        Type = "base",
        Distribution = distribution,
        Slug = slug,
        Public = true,
        Regions = RegionSlugs.ToList(),
        CreatedAt = created,
        MinDiskSize = minDisk,
        SizeGigabytes = sizeGb,
        Description = $"{distribution} {name}",
    };

    private static DoSize Size(string slug, int memory, int vcpus, int disk, double transfer, double monthly, double hourly, string description) =>
        new(slug, memory, vcpus, disk, transfer, monthly, hourly, RegionSlugs, true, description,
            new[] { new DoDiskInfo("local", new DoAmount(disk, "gib")) });
}
