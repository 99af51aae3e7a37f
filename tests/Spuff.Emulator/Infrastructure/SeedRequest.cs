using System.Text.Json;

namespace Spuff.Emulator.Infrastructure;

/// <summary>
/// The body of <c>POST /_emulator/seed</c>:
/// <c>{"hetzner":{"servers":N,"labels":{"k":"v"}},"digitalocean":{"droplets":N,"tags":["t"]}}</c>; every part is
/// optional. Counts are 0 to <see cref="MaxCount"/>.
/// </summary>
internal sealed record SeedRequest(int HetznerServers, IReadOnlyDictionary<string, string> HetznerLabels, int DigitalOceanDroplets, IReadOnlyList<string> DigitalOceanTags)
{
    /// <summary>More than a benchmark needs, few enough that a typo cannot exhaust the memory.</summary>
    public const int MaxCount = 1_000_000;

    /// <summary>The request, or the reason it is invalid.</summary>
    public static (SeedRequest? Request, string? Error) Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) return (null, "the body must be a JSON object");
        var servers = 0;
        var droplets = 0;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var tags = new List<string>();
        if (root.TryGetProperty("hetzner", out var hetzner))
        {
            if (hetzner.ValueKind != JsonValueKind.Object) return (null, "hetzner must be an object");
            if (!TryCount(hetzner, "servers", out servers)) return (null, $"hetzner.servers must be an integer from 0 to {MaxCount}");
            if (hetzner.TryGetProperty("labels", out var l) && l.ValueKind != JsonValueKind.Null)
            {
                if (l.ValueKind != JsonValueKind.Object) return (null, "hetzner.labels must be an object of strings");
                foreach (var property in l.EnumerateObject())
                {
                    if (property.Value.ValueKind != JsonValueKind.String) return (null, $"hetzner.labels.{property.Name} must be a string");
                    labels[property.Name] = property.Value.GetString()!;
                }
            }
        }

        if (root.TryGetProperty("digitalocean", out var digitalOcean))
        {
            if (digitalOcean.ValueKind != JsonValueKind.Object) return (null, "digitalocean must be an object");
            if (!TryCount(digitalOcean, "droplets", out droplets)) return (null, $"digitalocean.droplets must be an integer from 0 to {MaxCount}");
            if (digitalOcean.TryGetProperty("tags", out var t) && t.ValueKind != JsonValueKind.Null)
            {
                if (t.ValueKind != JsonValueKind.Array || t.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
                {
                    return (null, "digitalocean.tags must be an array of strings");
                }

                tags.AddRange(t.EnumerateArray().Select(e => e.GetString()!));
            }
        }

        return (new SeedRequest(servers, labels, droplets, tags), null);
    }

    private static bool TryCount(JsonElement parent, string name, out int count)
    {
        count = 0;
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return true;
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out count) && count is >= 0 and <= MaxCount;
    }
}
