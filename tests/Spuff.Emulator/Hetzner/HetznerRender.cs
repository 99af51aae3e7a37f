using System.Globalization;

namespace Spuff.Emulator.Hetzner;

/// <summary>The JSON shapes of the Hetzner Cloud API v1 (every key the official description requires, with null
/// where the real API sends null).</summary>
internal static class HetznerRender
{
    public static string Time(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

    public static Dictionary<string, object?> Location(HetznerLocation l) => new()
    {
        ["id"] = l.Id,
        ["name"] = l.Name,
        ["description"] = l.Description,
        ["country"] = l.Country,
        ["city"] = l.City,
        ["latitude"] = l.Latitude,
        ["longitude"] = l.Longitude,
        ["network_zone"] = l.NetworkZone,
    };

    public static Dictionary<string, object?> Datacenter(HetznerLocation l)
    {
        var types = HetznerSeed.ServerTypes.Select(t => t.Id).ToArray();
        var available = HetznerSeed.ServerTypes.Where(t => !t.Deprecated).Select(t => t.Id).ToArray();
        return new()
        {
            ["id"] = l.DatacenterId,
            ["name"] = l.Datacenter,
            ["description"] = l.City + " " + l.Datacenter.Split('-')[1].ToUpperInvariant(),
            ["location"] = Location(l),
            ["server_types"] = new Dictionary<string, object?> { ["supported"] = types, ["available"] = available, ["available_for_migration"] = available },
        };
    }

    public static Dictionary<string, object?> ServerType(HetznerServerTypeRecord t)
    {
        var net = t.HourlyNet.ToString("0.0000000000", CultureInfo.InvariantCulture);
        var gross = (t.HourlyNet * 1.19m).ToString("0.0000000000", CultureInfo.InvariantCulture);
        var monthlyNet = (t.HourlyNet * 730m).ToString("0.0000000000", CultureInfo.InvariantCulture);
        var monthlyGross = (t.HourlyNet * 730m * 1.19m).ToString("0.0000000000", CultureInfo.InvariantCulture);
        var deprecation = t.Deprecated ? new Dictionary<string, object?> { ["announced"] = "2025-10-16T09:00:00+00:00", ["unavailable_after"] = "2026-01-01T00:00:00+00:00" } : null;
        return new()
        {
            ["id"] = t.Id,
            ["name"] = t.Name,
            ["description"] = t.Description,
            ["cores"] = t.Cores,
            ["memory"] = t.Memory,
            ["disk"] = t.Disk,
            ["deprecated"] = t.Deprecated,
            ["prices"] = HetznerSeed.Locations.Select(l => new Dictionary<string, object?>
            {
                ["location"] = l.Name,
                ["price_hourly"] = new Dictionary<string, object?> { ["net"] = net, ["gross"] = gross },
                ["price_monthly"] = new Dictionary<string, object?> { ["net"] = monthlyNet, ["gross"] = monthlyGross },
                ["included_traffic"] = 21990232555520L,
                ["price_per_tb_traffic"] = new Dictionary<string, object?> { ["net"] = "1.0000000000", ["gross"] = "1.1900000000" },
            }).ToArray(),
            ["storage_type"] = "local",
            ["cpu_type"] = t.CpuType,
            ["category"] = t.Category,
            ["architecture"] = t.Architecture,
            ["deprecation"] = deprecation,
            ["locations"] = HetznerSeed.Locations.Select(l => new Dictionary<string, object?>
            {
                ["id"] = l.Id,
                ["name"] = l.Name,
                ["deprecation"] = deprecation,
                ["available"] = !t.Deprecated,
                ["recommended"] = !t.Deprecated && l.Name == "fsn1",
            }).ToArray(),
        };
    }

    public static Dictionary<string, object?> Image(HetznerImageRecord i) => new()
    {
        ["id"] = i.Id,
        ["type"] = i.Type,
        ["status"] = i.Status,
        ["name"] = i.Name,
        ["description"] = i.Description,
        ["image_size"] = i.ImageSize,
        ["disk_size"] = i.DiskSize,
        ["created"] = Time(i.Created),
        ["created_from"] = i.CreatedFrom is { } from ? new Dictionary<string, object?> { ["id"] = from.Id, ["name"] = from.Name } : null,
        ["bound_to"] = null,
        ["os_flavor"] = i.OsFlavor,
        ["os_version"] = i.OsVersion,
        ["rapid_deploy"] = i.Type == "system",
        ["protection"] = new Dictionary<string, object?> { ["delete"] = false },
        ["deprecated"] = null,
        ["deleted"] = null,
        ["labels"] = i.Labels,
        ["architecture"] = i.Architecture,
    };

    public static Dictionary<string, object?> Server(HetznerServerRecord s) => new()
    {
        ["id"] = s.Id,
        ["name"] = s.Name,
        ["status"] = s.Status,
        ["created"] = Time(s.Created),
        ["public_net"] = new Dictionary<string, object?>
        {
            ["ipv4"] = s.Ipv4 is null ? null : new Dictionary<string, object?>
            {
                ["id"] = s.Id + 1000000,
                ["ip"] = s.Ipv4,
                ["blocked"] = false,
                ["dns_ptr"] = $"static.{string.Join('.', s.Ipv4.Split('.').Reverse())}.clients.your-server.de",
            },
            ["ipv6"] = s.Ipv6 is null ? null : new Dictionary<string, object?>
            {
                ["id"] = s.Id + 2000000,
                ["ip"] = s.Ipv6,
                ["blocked"] = false,
                ["dns_ptr"] = Array.Empty<object>(),
            },
            ["floating_ips"] = Array.Empty<long>(),
            ["firewalls"] = Array.Empty<object>(),
        },
        ["private_net"] = Array.Empty<object>(),
        ["server_type"] = ServerType(s.Type),
        ["datacenter"] = Datacenter(s.Location),
        ["location"] = Location(s.Location),
        ["image"] = Image(s.Image),
        ["iso"] = null,
        ["rescue_enabled"] = false,
        ["locked"] = false,
        ["backup_window"] = null,
        ["outgoing_traffic"] = 0L,
        ["ingoing_traffic"] = 0L,
        ["included_traffic"] = 21990232555520L,
        ["protection"] = new Dictionary<string, object?> { ["delete"] = false, ["rebuild"] = false },
        ["labels"] = s.Labels,
        ["volumes"] = Array.Empty<long>(),
        ["load_balancers"] = Array.Empty<long>(),
        ["primary_disk_size"] = s.Type.Disk,
        ["placement_group"] = null,
    };

    public static Dictionary<string, object?> Action(HetznerActionRecord a) => new()
    {
        ["id"] = a.Id,
        ["command"] = a.Command,
        ["status"] = a.Status,
        ["progress"] = a.Status is "success" or "error" ? 100 : 0,
        ["started"] = Time(a.Started),
        ["finished"] = a.Finished is { } f ? Time(f) : null,
        ["resources"] = a.Resources.Select(r => new Dictionary<string, object?> { ["id"] = r.Id, ["type"] = r.Type }).ToArray(),
        ["error"] = a.Status == "error" ? new Dictionary<string, object?> { ["code"] = a.ErrorCode, ["message"] = a.ErrorMessage } : null,
    };

    public static Dictionary<string, object?> SshKey(HetznerSshKeyRecord k) => new()
    {
        ["id"] = k.Id,
        ["name"] = k.Name,
        ["fingerprint"] = k.Fingerprint,
        ["public_key"] = k.PublicKey,
        ["labels"] = new Dictionary<string, string>(),
        ["created"] = Time(k.Created),
    };
}
