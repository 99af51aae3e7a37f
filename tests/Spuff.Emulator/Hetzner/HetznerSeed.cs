namespace Spuff.Emulator.Hetzner;

/// <summary>The fixed catalog of the emulated project: locations, data centers, server types, system images and
/// one SSH key. Ids and names follow Hetzner's public catalog closely enough for clients to resolve them.</summary>
internal static class HetznerSeed
{
    public static readonly IReadOnlyList<HetznerLocation> Locations = new[]
    {
        new HetznerLocation(1, "fsn1", "Falkenstein DC Park 1", "DE", "Falkenstein", 50.47612, 12.370071, "eu-central", "fsn1-dc14", 4),
        new HetznerLocation(2, "nbg1", "Nuremberg DC Park 1", "DE", "Nuremberg", 49.452102, 11.076665, "eu-central", "nbg1-dc3", 2),
        new HetznerLocation(3, "hel1", "Helsinki DC Park 1", "FI", "Helsinki", 60.169855, 24.938379, "eu-central", "hel1-dc2", 3),
        new HetznerLocation(4, "ash", "Ashburn, VA", "US", "Ashburn, VA", 39.045821, -77.487073, "us-east", "ash-dc1", 5),
        new HetznerLocation(5, "hil", "Hillsboro, OR", "US", "Hillsboro, OR", 45.54222, -122.951924, "us-west", "hil-dc1", 6),
        new HetznerLocation(6, "sin", "Singapore", "SG", "Singapore", 1.283333, 103.833333, "ap-southeast", "sin-dc1", 7),
    };

    public static readonly IReadOnlyList<HetznerServerTypeRecord> ServerTypes = new[]
    {
        new HetznerServerTypeRecord(114, "cx23", "CX23", 2, 4, 40, "shared", "x86", "cost_optimized", false, 0.0048m),
        new HetznerServerTypeRecord(115, "cx33", "CX33", 4, 8, 80, "shared", "x86", "cost_optimized", false, 0.0088m),
        new HetznerServerTypeRecord(116, "cpx22", "CPX22", 2, 4, 80, "shared", "x86", "regular_purpose", false, 0.0104m),
        new HetznerServerTypeRecord(117, "cpx32", "CPX32", 4, 8, 160, "shared", "x86", "regular_purpose", false, 0.0168m),
        new HetznerServerTypeRecord(45, "cax11", "CAX11", 2, 4, 40, "shared", "arm", "cost_optimized", false, 0.0064m),
        new HetznerServerTypeRecord(96, "ccx13", "CCX13", 2, 8, 80, "dedicated", "x86", "general_purpose", false, 0.0232m),
        new HetznerServerTypeRecord(104, "cx22", "CX22", 2, 4, 40, "shared", "x86", "cost_optimized", true, 0.0062m),
    };

    /// <summary>(id, name, flavor, version, architecture) of the system images; each name exists per architecture.</summary>
    public static readonly IReadOnlyList<(long Id, string Name, string Description, string Flavor, string Version, string Architecture)> SystemImages = new[]
    {
        (161547269L, "ubuntu-24.04", "Ubuntu 24.04", "ubuntu", "24.04", "x86"),
        (161547270L, "ubuntu-24.04", "Ubuntu 24.04", "ubuntu", "24.04", "arm"),
        (67794396L, "ubuntu-22.04", "Ubuntu 22.04", "ubuntu", "22.04", "x86"),
        (114690387L, "debian-12", "Debian 12", "debian", "12", "x86"),
        (114690389L, "debian-12", "Debian 12", "debian", "12", "arm"),
        (240000001L, "debian-13", "Debian 13", "debian", "13", "x86"),
    };

    public const long SeedKeyId = 2323;
    public const string SeedKeyName = "spuff-emulator";
    public const string SeedKeyFingerprint = "b7:2f:30:a0:2f:6c:58:6c:21:04:58:61:ba:06:3b:2f";
    public const string SeedKeyPublic = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg spuff@emulator";
}

/// <summary>One location and the data center Hetzner runs in it.</summary>
internal sealed record HetznerLocation(long Id, string Name, string Description, string Country, string City,
    double Latitude, double Longitude, string NetworkZone, string Datacenter, long DatacenterId);

/// <summary>One server type with its monthly-ish hourly price.</summary>
internal sealed record HetznerServerTypeRecord(long Id, string Name, string Description, int Cores, double Memory, int Disk,
    string CpuType, string Architecture, string Category, bool Deprecated, decimal HourlyNet);
