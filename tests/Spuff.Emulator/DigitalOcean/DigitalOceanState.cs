using System.Globalization;
using Spuff.Emulator.Infrastructure;

namespace Spuff.Emulator.DigitalOcean;

/// <summary>
/// The DigitalOcean world of one emulator: droplets, actions, images (distributions and snapshots), tags.
/// Thread-safe: every operation takes one lock. Time-based transitions (droplet new → active, action
/// in-progress → completed and the snapshot it creates) are applied lazily, at the start of every operation,
/// from timestamps fixed when the object was created.
/// </summary>
public sealed class DigitalOceanState
{
    private const long FirstDropletId = 510000001;
    private const long FirstActionId = 2000000001;
    private const long FirstSnapshotId = 170000001;
    private const string DefaultVpc = "760e09ef-dc84-11e8-981e-3cfdfeaae000";

    private readonly object _gate = new();
    private readonly EmulatorSettings _settings;
    private readonly TimeProvider _time;
    private readonly SortedDictionary<long, DropletRecord> _droplets = new();
    private readonly SortedDictionary<long, ActionRecord> _actions = new();
    private readonly SortedDictionary<long, ImageRecord> _images = new();
    private readonly SortedSet<string> _tags = new(StringComparer.Ordinal);

    // Droplets still new: the only ones a transition can touch, so a request in an account of 50,000 active
    // droplets does not walk all of them.
    private readonly List<DropletRecord> _booting = new();
    private readonly ListCache<DropletRecord> _dropletLists = new();
    private long _nextDropletId;
    private long _nextActionId;
    private long _nextSnapshotId;
    private int _actionsToError;

    internal DigitalOceanState(EmulatorSettings settings, TimeProvider time)
    {
        _settings = settings;
        _time = time;
        Reset();
    }

    /// <summary>Ids of the droplets that exist now.</summary>
    public IReadOnlyList<long> DropletIds
    {
        get
        {
            lock (_gate)
            {
                Advance();
                return _droplets.Keys.ToArray();
            }
        }
    }

    /// <summary>Ids of the droplet snapshots that exist now (completed snapshot actions).</summary>
    public IReadOnlyList<long> SnapshotIds
    {
        get
        {
            lock (_gate)
            {
                Advance();
                return _images.Values.Where(i => i.IsSnapshot).Select(i => i.Id).ToArray();
            }
        }
    }

    /// <summary>The status of a droplet (<c>new</c>, <c>active</c>), or null when it does not exist.</summary>
    public string? GetDropletStatus(long id)
    {
        lock (_gate)
        {
            Advance();
            return _droplets.TryGetValue(id, out var d) ? d.Status : null;
        }
    }

    /// <summary>Makes the next <paramref name="count"/> snapshot actions end <c>errored</c> (no snapshot is created).</summary>
    public void ErrorNextActions(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_gate) _actionsToError = count;
    }

    /// <summary>Forgets every droplet, action, snapshot and tag and reseeds the catalogue.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _droplets.Clear();
            _booting.Clear();
            _dropletLists.Invalidate();
            _actions.Clear();
            _images.Clear();
            _tags.Clear();
            foreach (var image in DigitalOceanSeed.Images()) _images[image.Id] = image;
            _nextDropletId = FirstDropletId;
            _nextActionId = FirstActionId;
            _nextSnapshotId = FirstSnapshotId;
            _actionsToError = 0;
        }
    }

    internal (IReadOnlyList<DoDroplet> Droplets, IReadOnlyList<(long ActionId, long DropletId)> Actions) CreateDroplets(DropletCreateRequest request)
    {
        lock (_gate)
        {
            Advance();
            var region = DigitalOceanSeed.Regions.FirstOrDefault(r => r.Slug == request.Region)
                ?? throw DigitalOceanApiException.Unprocessable($"region '{request.Region}' is not available");
            var size = DigitalOceanSeed.Sizes.FirstOrDefault(s => s.Slug == request.Size)
                ?? throw DigitalOceanApiException.Unprocessable($"size '{request.Size}' is not available");
            if (!region.Sizes.Contains(size.Slug)) throw DigitalOceanApiException.Unprocessable($"size '{size.Slug}' is not available in region '{region.Slug}'");

            var image = request.ImageId is { } imageId
                ? _images.GetValueOrDefault(imageId)
                : _images.Values.FirstOrDefault(i => i.Slug == request.ImageSlug);
            if (image is null) throw DigitalOceanApiException.Unprocessable($"image '{request.ImageId?.ToString(CultureInfo.InvariantCulture) ?? request.ImageSlug}' does not exist");
            if (!image.Regions.Contains(region.Slug)) throw DigitalOceanApiException.Unprocessable($"image '{image.Id}' is not available in region '{region.Slug}'");
            if (image.MinDiskSize > size.Disk) throw DigitalOceanApiException.Unprocessable($"size '{size.Slug}' is too small for image '{image.Id}'");

            var keyIds = new List<long>();
            foreach (var key in request.SshKeys)
            {
                var match = DigitalOceanSeed.SshKeys.FirstOrDefault(k =>
                    k.Fingerprint == key || k.Id.ToString(CultureInfo.InvariantCulture) == key)
                    ?? throw DigitalOceanApiException.Unprocessable($"ssh_keys: key '{key}' does not exist");
                keyIds.Add(match.Id);
            }

            var now = _time.GetUtcNow();
            var readyAt = now + _settings.ReadyDelay;
            var droplets = new List<DoDroplet>();
            var actions = new List<(long, long)>();
            foreach (var name in request.Names)
            {
                var droplet = new DropletRecord
                {
                    Id = _nextDropletId++,
                    Name = name,
                    RegionSlug = region.Slug,
                    SizeSlug = size.Slug,
                    Image = image,
                    CreatedAt = now,
                    ReadyAt = readyAt,
                    Tags = request.Tags.ToList(),
                    Ipv6 = request.Ipv6,
                    Monitoring = request.Monitoring,
                    VpcUuid = request.VpcUuid ?? DefaultVpc,
                    UserData = request.UserData,
                    SshKeyIds = keyIds,
                };
                _droplets[droplet.Id] = droplet;
                _booting.Add(droplet);
                _dropletLists.Invalidate();
                foreach (var tag in droplet.Tags) _tags.Add(tag);

                var action = new ActionRecord
                {
                    Id = _nextActionId++,
                    Type = "create",
                    StartedAt = now,
                    CompletesAt = readyAt,
                    ResourceId = droplet.Id,
                    RegionSlug = region.Slug,
                };
                _actions[action.Id] = action;
                actions.Add((action.Id, droplet.Id));
            }

            Advance();
            foreach (var (_, dropletId) in actions) droplets.Add(ToWire(_droplets[dropletId]));
            return (droplets, actions);
        }
    }

    /// <summary>
    /// Lists droplets by id and hands them to <paramref name="page"/> under the lock as a view that renders a
    /// droplet only when read: the pager reads one page, so each request costs its page, not the account (the
    /// filtered ids are cached until droplets or their tags change).
    /// </summary>
    internal T ListDroplets<T>(string? tag, string? name, Func<IReadOnlyList<DoDroplet>, T> page)
    {
        lock (_gate)
        {
            Advance();
            // A visibility lag hides young droplets by the clock, not by a change of state: no caching then.
            var now = _time.GetUtcNow();
            var lag = _settings.VisibilityLag > TimeSpan.Zero;
            Func<DropletRecord[]> filter = () => _droplets.Values
                .Where(d => !lag || Visible(d, now))
                .Where(d => tag is null || d.Tags.Contains(tag, StringComparer.Ordinal))
                .Where(d => name is null || d.Name == name)
                .ToArray();
            var matches = lag ? filter() : _dropletLists.Get(string.Join('\u0001', tag ?? string.Empty, name ?? string.Empty), filter);
            return page(new ProjectedList<DropletRecord, DoDroplet>(matches, ToWire));
        }
    }

    /// <summary>
    /// Adds <paramref name="count"/> active droplets (named <c>seed-ID</c>, s-1vcpu-1gb in nyc3 from
    /// ubuntu-24-04-x64, with public and private IPv4) tagged <c>managed-by:spuff</c> plus <paramref name="tags"/>,
    /// as if Spuff had made them long ago. Returns how many droplets exist now.
    /// </summary>
    public int SeedDroplets(int count, IReadOnlyList<string>? tags = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var all = new List<string> { "managed-by:spuff" };
        foreach (var tag in tags ?? Array.Empty<string>())
        {
            if (string.IsNullOrEmpty(tag) || tag.Length > 255 || !tag.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is ':' or '-' or '_' or '.'))
            {
                throw new ArgumentException($"tag '{tag}' is not a valid DigitalOcean tag", nameof(tags));
            }

            if (!all.Contains(tag, StringComparer.Ordinal)) all.Add(tag);
        }

        lock (_gate)
        {
            var image = _images.Values.First(i => i.Slug == "ubuntu-24-04-x64");
            var created = _time.GetUtcNow().AddDays(-1);
            foreach (var tag in all) _tags.Add(tag);
            for (var i = 0; i < count; i++)
            {
                var id = _nextDropletId++;
                var droplet = new DropletRecord
                {
                    Id = id,
                    Name = "seed-" + id.ToString(CultureInfo.InvariantCulture),
                    RegionSlug = "nyc3",
                    SizeSlug = "s-1vcpu-1gb",
                    Image = image,
                    CreatedAt = created,
                    ReadyAt = created,
                    Tags = all.ToList(),
                    VpcUuid = DefaultVpc,
                };
                _droplets[droplet.Id] = droplet;
                Activate(droplet);
            }

            _dropletLists.Invalidate();
            return _droplets.Count;
        }
    }

    internal DoDroplet GetDroplet(long id)
    {
        lock (_gate)
        {
            Advance();
            return _droplets.TryGetValue(id, out var d) && Visible(d, _time.GetUtcNow()) ? ToWire(d) : throw DigitalOceanApiException.NotFound();
        }
    }

    // Eventual consistency: a droplet younger than the visibility lag is not found by GET or lists.
    private bool Visible(DropletRecord droplet, DateTimeOffset now) => now - droplet.CreatedAt >= _settings.VisibilityLag;

    internal void DeleteDroplet(long id)
    {
        lock (_gate)
        {
            Advance();
            if (!_droplets.Remove(id)) throw DigitalOceanApiException.NotFound();
            _dropletLists.Invalidate();
        }
    }

    internal int DeleteDropletsByTag(string tag)
    {
        lock (_gate)
        {
            Advance();
            var doomed = _droplets.Values.Where(d => d.Tags.Contains(tag, StringComparer.Ordinal)).Select(d => d.Id).ToList();
            foreach (var id in doomed) _droplets.Remove(id);
            _dropletLists.Invalidate();
            return doomed.Count;
        }
    }

    internal IReadOnlyList<DoDropletSnapshot> ListDropletSnapshots(long dropletId)
    {
        lock (_gate)
        {
            Advance();
            if (!_droplets.TryGetValue(dropletId, out var droplet)) throw DigitalOceanApiException.NotFound();
            return droplet.SnapshotIds
                .Select(id => _images.GetValueOrDefault(id))
                .OfType<ImageRecord>()
                .Select(i => new DoDropletSnapshot(i.Id, i.Name, DigitalOceanJson.Time(i.CreatedAt), i.Regions.ToArray(), i.MinDiskSize, i.SizeGigabytes, "snapshot"))
                .ToArray();
        }
    }

    internal DoImage GetImage(string idOrSlug)
    {
        lock (_gate)
        {
            Advance();
            var image = long.TryParse(idOrSlug, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? _images.GetValueOrDefault(id)
                : _images.Values.FirstOrDefault(i => i.Slug == idOrSlug);
            return image?.ToWire() ?? throw DigitalOceanApiException.NotFound();
        }
    }

    internal void DeleteImage(long id)
    {
        lock (_gate)
        {
            Advance();
            if (!_images.TryGetValue(id, out var image) || image.Public) throw DigitalOceanApiException.NotFound();
            _images.Remove(id);
            foreach (var droplet in _droplets.Values) droplet.SnapshotIds.Remove(id);
        }
    }

    internal DoAction CreateSnapshotAction(long dropletId, string? snapshotName)
    {
        lock (_gate)
        {
            Advance();
            if (!_droplets.TryGetValue(dropletId, out var droplet)) throw DigitalOceanApiException.NotFound();
            var now = _time.GetUtcNow();
            var size = DigitalOceanSeed.Sizes.First(s => s.Slug == droplet.SizeSlug);
            var action = new ActionRecord
            {
                Id = _nextActionId++,
                Type = "snapshot",
                StartedAt = now,
                CompletesAt = now + _settings.ActionDelay,
                ResourceId = dropletId,
                RegionSlug = droplet.RegionSlug,
                SnapshotName = string.IsNullOrEmpty(snapshotName)
                    ? $"{droplet.Name}-{now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}"
                    : snapshotName,
                SnapshotMinDisk = size.Disk,
                SnapshotDistribution = droplet.Image.Distribution,
                WillError = _actionsToError > 0,
            };
            if (_actionsToError > 0) _actionsToError--;
            _actions[action.Id] = action;
            Advance();
            return ToWire(action);
        }
    }

    /// <summary>The droplet's actions (its create, snapshots), newest first; 404 when the droplet does not exist.</summary>
    internal IReadOnlyList<DoAction> ListDropletActions(long dropletId)
    {
        lock (_gate)
        {
            Advance();
            if (!_droplets.ContainsKey(dropletId)) throw DigitalOceanApiException.NotFound();
            return _actions.Values.Where(a => a.ResourceId == dropletId && a.ResourceType == "droplet").Reverse().Select(ToWire).ToArray();
        }
    }

    internal DoAction GetAction(long id)
    {
        lock (_gate)
        {
            Advance();
            return _actions.TryGetValue(id, out var a) ? ToWire(a) : throw DigitalOceanApiException.NotFound();
        }
    }

    internal IReadOnlyList<DoSnapshot> ListSnapshots(string? resourceType)
    {
        lock (_gate)
        {
            Advance();
            if (resourceType == "volume") return Array.Empty<DoSnapshot>();
            return _images.Values.Where(i => i.IsSnapshot).Select(i => i.ToSnapshotWire()).ToArray();
        }
    }

    internal DoSnapshot GetSnapshot(string id)
    {
        lock (_gate)
        {
            Advance();
            return FindSnapshot(id).ToSnapshotWire();
        }
    }

    internal void DeleteSnapshot(string id)
    {
        lock (_gate)
        {
            Advance();
            var snapshot = FindSnapshot(id);
            _images.Remove(snapshot.Id);
            foreach (var droplet in _droplets.Values) droplet.SnapshotIds.Remove(snapshot.Id);
        }
    }

    internal IReadOnlyList<DoImage> ListImages(string? type, bool? isPrivate, string? tag)
    {
        lock (_gate)
        {
            Advance();
            return _images.Values
                .Where(i => type is null || (type == "distribution" && i.Type == "base" && i.Public))
                .Where(i => isPrivate is not true || !i.Public)
                .Where(i => tag is null || i.Tags.Contains(tag, StringComparer.Ordinal))
                .Select(i => i.ToWire())
                .ToArray();
        }
    }

    internal DoTag CreateTag(string name)
    {
        lock (_gate)
        {
            Advance();
            _tags.Add(name);
            return TagWire(name);
        }
    }

    internal void TagResources(string tag, IReadOnlyList<(string Type, string Id)> resources)
    {
        lock (_gate)
        {
            Advance();
            var droplets = new List<DropletRecord>();
            var images = new List<ImageRecord>();
            foreach (var (type, id) in resources)
            {
                if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var numeric))
                {
                    throw DigitalOceanApiException.NotFound($"{type} '{id}' could not be found");
                }

                switch (type)
                {
                    case "droplet":
                        droplets.Add(_droplets.GetValueOrDefault(numeric) ?? throw DigitalOceanApiException.NotFound($"droplet '{id}' could not be found"));
                        break;
                    case "image":
                        var image = _images.GetValueOrDefault(numeric);
                        if (image is null || image.Public) throw DigitalOceanApiException.NotFound($"image '{id}' could not be found");
                        images.Add(image);
                        break;
                    default:
                        throw DigitalOceanApiException.NotFound($"{type} '{id}' could not be found");
                }
            }

            _tags.Add(tag);
            _dropletLists.Invalidate();
            foreach (var d in droplets.Where(d => !d.Tags.Contains(tag, StringComparer.Ordinal))) d.Tags.Add(tag);
            foreach (var i in images.Where(i => !i.Tags.Contains(tag, StringComparer.Ordinal))) i.Tags.Add(tag);
        }
    }

    /// <summary>Removes a tag from droplets and images (DELETE /v2/tags/{tag}/resources); unknown resources are 404.</summary>
    internal void UntagResources(string tag, IReadOnlyList<(string Type, string Id)> resources)
    {
        lock (_gate)
        {
            Advance();
            if (!_tags.Contains(tag)) throw DigitalOceanApiException.NotFound($"tag '{tag}' could not be found");
            foreach (var (type, id) in resources)
            {
                var numeric = long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
                var tags = type switch
                {
                    "droplet" => _droplets.GetValueOrDefault(numeric)?.Tags,
                    "image" => _images.GetValueOrDefault(numeric) is { Public: false } image ? image.Tags : null,
                    _ => null,
                } ?? throw DigitalOceanApiException.NotFound($"{type} '{id}' could not be found");
                tags.RemoveAll(t => t == tag);
            }

            _dropletLists.Invalidate();
        }
    }

    private ImageRecord FindSnapshot(string id)
    {
        if (long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var numeric)
            && _images.TryGetValue(numeric, out var image) && image.IsSnapshot)
        {
            return image;
        }

        throw DigitalOceanApiException.NotFound();
    }

    /// <summary>Applies every transition that is due. Caller holds the lock.</summary>
    private void Advance()
    {
        var now = _time.GetUtcNow();
        _booting.RemoveAll(droplet =>
        {
            if (droplet.ReadyAt > now) return false;
            Activate(droplet);
            return true;
        });

        foreach (var action in _actions.Values)
        {
            if (action.Status != "in-progress" || action.CompletesAt > now) continue;
            action.Status = action.WillError ? "errored" : "completed";
            action.CompletedAt = action.CompletesAt;
            if (action.Type != "snapshot" || action.WillError) continue;

            var snapshot = new ImageRecord
            {
                Id = _nextSnapshotId++,
                Name = action.SnapshotName ?? "snapshot",
                Type = "snapshot",
                Distribution = action.SnapshotDistribution,
                Public = false,
                Regions = new List<string> { action.RegionSlug },
                CreatedAt = action.CompletesAt,
                MinDiskSize = action.SnapshotMinDisk,
                SizeGigabytes = 1.62,
                SourceDropletId = action.ResourceId,
            };
            _images[snapshot.Id] = snapshot;
            if (_droplets.TryGetValue(action.ResourceId, out var source)) source.SnapshotIds.Add(snapshot.Id);
        }
    }

    private void Activate(DropletRecord droplet)
    {
        droplet.Status = "active";
        var n = droplet.Id - FirstDropletId;
        droplet.PublicIpv4 = _settings.PublicAddress ?? string.Create(CultureInfo.InvariantCulture, $"203.0.{113 + (n / 250 % 3)}.{2 + (n % 250)}");
        droplet.PrivateIpv4 = string.Create(CultureInfo.InvariantCulture, $"10.108.{n / 250 % 250}.{2 + (n % 250)}");
        if (droplet.Ipv6) droplet.PublicIpv6 = string.Create(CultureInfo.InvariantCulture, $"2001:db8:0:1::{n + 1:x}");
    }

    private DoTag TagWire(string name)
    {
        var droplets = _droplets.Values.Count(d => d.Tags.Contains(name, StringComparer.Ordinal));
        var images = _images.Values.Count(i => i.Tags.Contains(name, StringComparer.Ordinal));
        return new DoTag(name, new DoTagResources(
            droplets + images, null,
            new DoTagResourceCount(droplets, null),
            new DoTagResourceCount(images, null),
            new DoTagResourceCount(0, null),
            new DoTagResourceCount(0, null),
            new DoTagResourceCount(0, null)));
    }

    private static DoDroplet ToWire(DropletRecord d)
    {
        var size = DigitalOceanSeed.Sizes.First(s => s.Slug == d.SizeSlug);
        var region = DigitalOceanSeed.Regions.First(r => r.Slug == d.RegionSlug);
        var v4 = new List<DoNetworkV4>();
        if (d.PublicIpv4 is not null) v4.Add(new DoNetworkV4(d.PublicIpv4, "255.255.240.0", d.PublicIpv4[..d.PublicIpv4.LastIndexOf('.')] + ".1", "public"));
        if (d.PrivateIpv4 is not null) v4.Add(new DoNetworkV4(d.PrivateIpv4, "255.255.240.0", "10.108.0.1", "private"));
        var v6 = new List<DoNetworkV6>();
        if (d.PublicIpv6 is not null) v6.Add(new DoNetworkV6(d.PublicIpv6, 64, "2001:db8:0:1::1", "public"));
        var features = new List<string> { "droplet_agent", "private_networking" };
        if (d.Monitoring) features.Add("monitoring");
        if (d.Ipv6) features.Add("ipv6");

        return new DoDroplet(
            d.Id, d.Name, size.Memory, size.Vcpus, size.Disk, size.DiskInfo, false, d.Status, null,
            DigitalOceanJson.Time(d.CreatedAt), features, Array.Empty<long>(), null, d.SnapshotIds.ToArray(),
            d.Image.ToWire(), Array.Empty<string>(), size, size.Slug, new DoNetworks(v4, v6), region,
            d.Tags.ToArray(), d.VpcUuid);
    }

    private static DoAction ToWire(ActionRecord a) => new(
        a.Id, a.Status, a.Type, DigitalOceanJson.Time(a.StartedAt),
        a.CompletedAt is { } done ? DigitalOceanJson.Time(done) : null,
        a.ResourceId, a.ResourceType, DigitalOceanSeed.Regions.FirstOrDefault(r => r.Slug == a.RegionSlug), a.RegionSlug);
}
