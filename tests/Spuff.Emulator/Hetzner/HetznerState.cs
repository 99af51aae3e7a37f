using System.Text.Json;
using System.Text.RegularExpressions;
using Spuff.Emulator.Infrastructure;

namespace Spuff.Emulator.Hetzner;

/// <summary>
/// The Hetzner world of one emulator: servers, actions, images (system and snapshots) and SSH keys. Thread-safe
/// (one lock). Time-based transitions (server initializing → running after the ready delay, action running →
/// success after the action delay, snapshot creating → available with it) are applied lazily on every operation
/// from timestamps fixed at creation. Answers are rendered under the lock, so they are consistent snapshots.
/// </summary>
public sealed class HetznerState
{
    private const long FirstServerId = 60000001;
    private const long FirstActionId = 900000001;
    private const long FirstImageId = 310000001;
    private const int MaxUserDataBytes = 32 * 1024;
    private static readonly Regex HostLabel = new("^[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$", RegexOptions.CultureInvariant);
    private static readonly Regex LabelName = new("^[a-zA-Z0-9]([-_.a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$", RegexOptions.CultureInvariant);
    private static readonly Regex LabelPrefix = new("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$", RegexOptions.CultureInvariant);

    private readonly object _gate = new();
    private readonly EmulatorSettings _settings;
    private readonly TimeProvider _time;
    private readonly SortedDictionary<long, HetznerServerRecord> _servers = new();
    private readonly SortedDictionary<long, HetznerActionRecord> _actions = new();
    private readonly SortedDictionary<long, HetznerImageRecord> _images = new();
    private readonly SortedDictionary<long, HetznerSshKeyRecord> _keys = new();

    // Servers still initializing: the only ones a transition can touch, so a request in an account of 50,000
    // running servers does not walk all of them.
    private readonly List<HetznerServerRecord> _initializing = new();
    private readonly ListCache<HetznerServerRecord> _serverLists = new();
    private long _nextServerId;
    private long _nextActionId;
    private long _nextImageId;
    private int _startsToFail;

    internal HetznerState(EmulatorSettings settings, TimeProvider time)
    {
        _settings = settings;
        _time = time;
        Reset();
    }

    /// <summary>Ids of the servers that exist now.</summary>
    public IReadOnlyList<long> ServerIds
    {
        get
        {
            lock (_gate) return _servers.Keys.ToArray();
        }
    }

    /// <summary>Ids of the snapshots that exist now (available or still creating).</summary>
    public IReadOnlyList<long> SnapshotIds
    {
        get
        {
            lock (_gate) return _images.Values.Where(i => i.Type == "snapshot").Select(i => i.Id).ToArray();
        }
    }

    /// <summary>A server's status now, or null when it does not exist.</summary>
    public string? GetServerStatus(long id)
    {
        lock (_gate)
        {
            Advance();
            return _servers.TryGetValue(id, out var s) ? s.Status : null;
        }
    }

    /// <summary>Makes the next <paramref name="count"/> created servers fail to start: their create and start
    /// actions end <c>error</c> with <c>unknown_error</c> when they would have become running, and they stay <c>off</c>.</summary>
    public void FailNextStarts(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_gate) _startsToFail = count;
    }

    /// <summary>Forgets every server, action and snapshot; reseeds the system images and the SSH key.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _servers.Clear();
            _initializing.Clear();
            _serverLists.Invalidate();
            _actions.Clear();
            _images.Clear();
            _keys.Clear();
            _nextServerId = FirstServerId;
            _nextActionId = FirstActionId;
            _nextImageId = FirstImageId;
            _startsToFail = 0;
            var seeded = new DateTimeOffset(2024, 4, 25, 8, 0, 0, TimeSpan.Zero);
            foreach (var (id, name, description, flavor, version, architecture) in HetznerSeed.SystemImages)
            {
                _images[id] = new HetznerImageRecord
                {
                    Id = id, Type = "system", Name = name, Description = description, OsFlavor = flavor, OsVersion = version,
                    Architecture = architecture, Created = seeded, DiskSize = 5,
                };
            }

            _keys[HetznerSeed.SeedKeyId] = new HetznerSshKeyRecord(HetznerSeed.SeedKeyId, HetznerSeed.SeedKeyName, HetznerSeed.SeedKeyFingerprint, HetznerSeed.SeedKeyPublic, seeded);
        }
    }

    internal object CreateServer(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object) throw HetznerApiException.JsonError("the request body must be a JSON object");
        lock (_gate)
        {
            Advance();
            var name = RequireString(body, "name");
            if (name.Length > 253 || !name.Split('.').All(HostLabel.IsMatch))
            {
                throw HetznerApiException.InvalidInput("name", "must be a valid hostname as per RFC 1123");
            }

            if (_servers.Values.Any(s => s.Name == name)) throw HetznerApiException.Uniqueness("name", "server name is already used");

            var type = FindServerType(IdOrName(body, "server_type", required: true)!) ?? throw HetznerApiException.InvalidInput("server_type", "server type not found");
            if (type.Deprecated) throw new HetznerApiException(StatusCodes.Status412PreconditionFailed, "resource_unavailable", $"server type {type.Name} is no longer available");
            var location = ResolveLocation(body);
            var image = FindImage(IdOrName(body, "image", required: true)!, type.Architecture) ?? throw HetznerApiException.InvalidInput("image", "image not found");
            if (image.Type == "snapshot" && image.Status != "available") throw HetznerApiException.InvalidInput("image", "image is not available yet");
            if (image.Architecture != type.Architecture) throw HetznerApiException.InvalidInput("image", "image architecture does not match the server type");
            var keys = ReadKeys(body);
            if (body.TryGetProperty("user_data", out var userData) && userData.ValueKind == JsonValueKind.String &&
                System.Text.Encoding.UTF8.GetByteCount(userData.GetString()!) > MaxUserDataBytes)
            {
                throw HetznerApiException.InvalidInput("user_data", "is too long (maximum is 32768 bytes)");
            }

            var labels = ReadLabels(body);
            var start = !body.TryGetProperty("start_after_create", out var s) || s.ValueKind != JsonValueKind.False;
            var now = _time.GetUtcNow();
            var id = _nextServerId++;
            var n = id - FirstServerId;
            var fails = _startsToFail > 0;
            if (fails) _startsToFail--;
            var server = new HetznerServerRecord
            {
                Id = id, Name = name, Created = now, ReadyAt = now + _settings.ReadyDelay, Type = type, Location = location,
                Image = image, Labels = labels, StartAfterCreate = start, FailsToStart = fails,
                Ipv4 = _settings.PublicAddress ?? $"203.0.{113 + (n / 254 % 10)}.{1 + (n % 254)}",
                Ipv6 = $"2001:db8:{n % 65536:x}::/64",
            };
            _servers[id] = server;
            _initializing.Add(server);
            _serverLists.Invalidate();
            var create = NewAction("create_server", now, server.ReadyAt, fails, (id, "server"));
            var next = start ? new[] { HetznerRender.Action(NewAction("start_server", now, server.ReadyAt, fails, (id, "server"))) } : Array.Empty<object>();
            return new Dictionary<string, object?>
            {
                ["server"] = HetznerRender.Server(server),
                ["action"] = HetznerRender.Action(create),
                ["next_actions"] = next,
                ["root_password"] = keys.Count == 0 ? "emulator-" + Guid.NewGuid().ToString("N")[..12] : null,
            };
        }
    }

    /// <summary>
    /// Lists servers by id and hands them to <paramref name="page"/> under the lock as a view that renders a server
    /// only when read: the pager reads one page, so each request costs its page, not the account (the filtered
    /// ids are cached until the servers change).
    /// </summary>
    internal T ListServers<T>(string? name, HetznerLabelSelector selector, IReadOnlyCollection<string> statuses, Func<IReadOnlyList<object>, T> page)
    {
        lock (_gate)
        {
            Advance();
            // A visibility lag hides young servers by the clock, not by a change of state: no caching then.
            var now = _time.GetUtcNow();
            var lag = _settings.VisibilityLag > TimeSpan.Zero;
            var key = string.Join('\u0001', name ?? string.Empty, selector.Text, string.Join(',', statuses.Order(StringComparer.Ordinal)));
            Func<HetznerServerRecord[]> filter = () => _servers.Values
                .Where(s => !lag || Visible(s, now))
                .Where(s => name is null || s.Name == name)
                .Where(s => selector.Matches(s.Labels))
                .Where(s => statuses.Count == 0 || statuses.Contains(s.Status))
                .ToArray();
            var matches = lag ? filter() : _serverLists.Get(key, filter);
            return page(new ProjectedList<HetznerServerRecord, object>(matches, HetznerRender.Server));
        }
    }

    /// <summary>
    /// Adds <paramref name="count"/> running servers (named <c>seed-ID</c>, type cx23 in fsn1 from ubuntu-24.04)
    /// labelled <c>managed-by=spuff</c> plus <paramref name="labels"/>, as if Spuff had made them long ago.
    /// Returns how many servers exist now. Labels Hetzner would reject throw <see cref="ArgumentException"/>.
    /// </summary>
    public int SeedServers(int count, IReadOnlyDictionary<string, string>? labels = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var extra = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in labels ?? new Dictionary<string, string>())
        {
            if (!IsValidLabel(key, value)) throw new ArgumentException($"label '{key}={value}' is not a valid Hetzner label", nameof(labels));
            extra[key] = value;
        }

        extra["managed-by"] = "spuff";
        lock (_gate)
        {
            var type = FindServerType("cx23")!;
            var image = FindImage("ubuntu-24.04", type.Architecture)!;
            var location = HetznerSeed.Locations[0];
            var created = _time.GetUtcNow().AddDays(-1);
            for (var i = 0; i < count; i++)
            {
                var id = _nextServerId++;
                var n = id - FirstServerId;
                _servers[id] = new HetznerServerRecord
                {
                    Id = id, Name = "seed-" + id.ToString(System.Globalization.CultureInfo.InvariantCulture), Created = created, ReadyAt = created,
                    Type = type, Location = location, Image = image, Labels = new Dictionary<string, string>(extra, StringComparer.Ordinal),
                    Ipv4 = $"203.0.{113 + (n / 254 % 10)}.{1 + (n % 254)}", Ipv6 = $"2001:db8:{n % 65536:x}::/64", Status = "running",
                };
            }

            _serverLists.Invalidate();
            return _servers.Count;
        }
    }

    internal object GetServer(long id)
    {
        lock (_gate)
        {
            Advance();
            return HetznerRender.Server(_servers.TryGetValue(id, out var s) && Visible(s, _time.GetUtcNow()) ? s : throw HetznerApiException.NotFound($"server with ID '{id}'"));
        }
    }

    // Eventual consistency: a server younger than the visibility lag is not found by GET or lists (its name is
    // taken all the same, as on Hetzner).
    private bool Visible(HetznerServerRecord server, DateTimeOffset now) => now - server.Created >= _settings.VisibilityLag;

    internal object DeleteServer(long id)
    {
        lock (_gate)
        {
            Advance();
            if (!_servers.Remove(id)) throw HetznerApiException.NotFound($"server with ID '{id}'");
            _serverLists.Invalidate();
            var now = _time.GetUtcNow();
            return HetznerRender.Action(NewAction("delete_server", now, now + _settings.ActionDelay, (id, "server")));
        }
    }

    internal object CreateImage(long serverId, JsonElement body)
    {
        lock (_gate)
        {
            Advance();
            var server = _servers.TryGetValue(serverId, out var s) ? s : throw HetznerApiException.NotFound($"server with ID '{serverId}'");
            if (_actions.Values.Any(a => a.Status == "running" && a.Resources.Contains((serverId, "server"))))
            {
                // Like Hetzner: one action at a time per server (its start, a running snapshot).
                throw new HetznerApiException(StatusCodes.Status423Locked, "locked", $"server {serverId} is locked by a running action");
            }

            var type = "snapshot";
            string? description = null;
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (body.ValueKind == JsonValueKind.Object)
            {
                if (body.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String) type = t.GetString()!;
                if (type is not ("snapshot" or "backup")) throw HetznerApiException.InvalidInput("type", "must be snapshot or backup");
                if (body.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String) description = d.GetString();
                labels = ReadLabels(body);
            }

            var now = _time.GetUtcNow();
            var image = new HetznerImageRecord
            {
                Id = _nextImageId++, Type = type, Description = description ?? $"{server.Name}-{now:yyyyMMddHHmmss}",
                OsFlavor = server.Image.OsFlavor, OsVersion = server.Image.OsVersion, Architecture = server.Type.Architecture,
                Created = now, DiskSize = server.Type.Disk, CreatedFrom = (server.Id, server.Name), Labels = labels, Status = "creating",
            };
            _images[image.Id] = image;
            var action = NewAction("create_image", now, now + _settings.ActionDelay, (server.Id, "server"), (image.Id, "image"));
            return new Dictionary<string, object?> { ["image"] = HetznerRender.Image(image), ["action"] = HetznerRender.Action(action) };
        }
    }

    internal object GetAction(long id)
    {
        lock (_gate)
        {
            Advance();
            return HetznerRender.Action(_actions.TryGetValue(id, out var a) ? a : throw HetznerApiException.NotFound($"action with ID '{id}'"));
        }
    }

    internal IReadOnlyList<object> ListActions(IReadOnlyCollection<long> ids, IReadOnlyCollection<string> statuses)
    {
        lock (_gate)
        {
            Advance();
            return _actions.Values
                .Where(a => ids.Count == 0 || ids.Contains(a.Id))
                .Where(a => statuses.Count == 0 || statuses.Contains(a.Status))
                .Select(HetznerRender.Action).ToArray();
        }
    }

    internal IReadOnlyList<object> ListServerActions(long serverId, IReadOnlyCollection<string> statuses, IReadOnlyCollection<string> sort)
    {
        lock (_gate)
        {
            Advance();
            if (!_servers.ContainsKey(serverId)) throw HetznerApiException.NotFound($"server with ID '{serverId}'");
            var actions = _actions.Values
                .Where(a => a.Resources.Contains((serverId, "server")))
                .Where(a => statuses.Count == 0 || statuses.Contains(a.Status));
            var ordered = sort.Contains("id:desc") ? actions.OrderByDescending(a => a.Id) : actions.OrderBy(a => a.Id);
            return ordered.Select(HetznerRender.Action).ToArray();
        }
    }

    internal IReadOnlyList<object> ListImages(IReadOnlyCollection<string> types, IReadOnlyCollection<string> statuses, string? name, string? architecture, HetznerLabelSelector selector)
    {
        lock (_gate)
        {
            Advance();
            return _images.Values
                .Where(i => types.Count == 0 || types.Contains(i.Type))
                .Where(i => statuses.Count == 0 || statuses.Contains(i.Status))
                .Where(i => name is null || i.Name == name)
                .Where(i => architecture is null || i.Architecture == architecture)
                .Where(i => selector.Matches(i.Labels))
                .Select(HetznerRender.Image).ToArray();
        }
    }

    internal object GetImage(long id)
    {
        lock (_gate)
        {
            Advance();
            return HetznerRender.Image(_images.TryGetValue(id, out var i) ? i : throw HetznerApiException.NotFound($"image with ID '{id}'"));
        }
    }

    internal void DeleteImage(long id)
    {
        lock (_gate)
        {
            Advance();
            if (!_images.TryGetValue(id, out var image)) throw HetznerApiException.NotFound($"image with ID '{id}'");
            if (image.Type == "system") throw new HetznerApiException(StatusCodes.Status403Forbidden, "forbidden", "system images cannot be deleted");
            _images.Remove(id);
        }
    }

    internal IReadOnlyList<object> ListSshKeys(string? name, string? fingerprint, HetznerLabelSelector selector)
    {
        lock (_gate)
        {
            return _keys.Values
                .Where(k => name is null || k.Name == name)
                .Where(k => fingerprint is null || k.Fingerprint == fingerprint)
                .Where(_ => selector.Matches(new Dictionary<string, string>()))
                .Select(HetznerRender.SshKey).ToArray();
        }
    }

    internal object GetSshKey(long id)
    {
        lock (_gate) return HetznerRender.SshKey(_keys.TryGetValue(id, out var k) ? k : throw HetznerApiException.NotFound($"SSH key with ID '{id}'"));
    }

    internal static HetznerServerTypeRecord? FindServerType(string idOrName) =>
        HetznerSeed.ServerTypes.FirstOrDefault(t => t.Name == idOrName || t.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == idOrName);

    internal static HetznerLocation? FindLocation(string idOrName) =>
        HetznerSeed.Locations.FirstOrDefault(l => l.Name == idOrName || l.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == idOrName);

    internal static HetznerLocation? FindDatacenter(string idOrName) =>
        HetznerSeed.Locations.FirstOrDefault(l => l.Datacenter == idOrName || l.DatacenterId.ToString(System.Globalization.CultureInfo.InvariantCulture) == idOrName);

    private HetznerImageRecord? FindImage(string idOrName, string architecture)
    {
        if (long.TryParse(idOrName, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            return _images.TryGetValue(id, out var byId) ? byId : null;
        }

        return _images.Values.FirstOrDefault(i => i.Name == idOrName && i.Architecture == architecture)
            ?? _images.Values.FirstOrDefault(i => i.Name == idOrName);
    }

    private HetznerLocation ResolveLocation(JsonElement body)
    {
        if (IdOrName(body, "location", required: false) is { } location)
        {
            return FindLocation(location) ?? throw HetznerApiException.InvalidInput("location", "location not found");
        }

        if (IdOrName(body, "datacenter", required: false) is { } datacenter)
        {
            return FindDatacenter(datacenter) ?? throw HetznerApiException.InvalidInput("datacenter", "datacenter not found");
        }

        return HetznerSeed.Locations[0];
    }

    private List<long> ReadKeys(JsonElement body)
    {
        var keys = new List<long>();
        if (!body.TryGetProperty("ssh_keys", out var list) || list.ValueKind == JsonValueKind.Null) return keys;
        if (list.ValueKind != JsonValueKind.Array) throw HetznerApiException.InvalidInput("ssh_keys", "must be an array");
        foreach (var item in list.EnumerateArray())
        {
            // The description says strings; the real API and its official clients also send integer ids.
            var text = item.ValueKind switch
            {
                JsonValueKind.Number => item.GetRawText(),
                JsonValueKind.String => item.GetString()!,
                _ => throw HetznerApiException.InvalidInput("ssh_keys", "must hold ids or names"),
            };
            var key = _keys.Values.FirstOrDefault(k => k.Name == text || k.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == text)
                ?? throw HetznerApiException.InvalidInput("ssh_keys", $"SSH key '{text}' not found");
            keys.Add(key.Id);
        }

        return keys;
    }

    private static bool IsValidLabel(string key, string value)
    {
        var slash = key.LastIndexOf('/');
        var prefix = slash < 0 ? null : key[..slash];
        var name = slash < 0 ? key : key[(slash + 1)..];
        return LabelName.IsMatch(name) && (prefix is null || (prefix.Length <= 253 && LabelPrefix.IsMatch(prefix) && prefix != "hetzner.cloud"))
            && (value.Length == 0 || LabelName.IsMatch(value));
    }

    private static Dictionary<string, string> ReadLabels(JsonElement body)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!body.TryGetProperty("labels", out var element) || element.ValueKind == JsonValueKind.Null) return labels;
        if (element.ValueKind != JsonValueKind.Object) throw HetznerApiException.InvalidInput("labels", "must be an object");
        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String) throw HetznerApiException.InvalidInput("labels", $"value of '{property.Name}' must be a string");
            var key = property.Name;
            var value = property.Value.GetString()!;
            var slash = key.LastIndexOf('/');
            var prefix = slash < 0 ? null : key[..slash];
            var name = slash < 0 ? key : key[(slash + 1)..];
            if (!LabelName.IsMatch(name) || (prefix is not null && (prefix.Length > 253 || !LabelPrefix.IsMatch(prefix))) ||
                (value.Length > 0 && !LabelName.IsMatch(value)))
            {
                throw HetznerApiException.InvalidInput("labels", $"label '{key}' is invalid");
            }

            if (prefix == "hetzner.cloud") throw HetznerApiException.InvalidInput("labels", "the prefix hetzner.cloud/ is reserved");
            labels[key] = value;
        }

        return labels;
    }

    private static string RequireString(JsonElement body, string field)
    {
        if (!body.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(value.GetString()))
        {
            throw HetznerApiException.InvalidInput(field, "is required");
        }

        return value.GetString()!;
    }

    private static string? IdOrName(JsonElement body, string field, bool required)
    {
        if (!body.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return required ? throw HetznerApiException.InvalidInput(field, "is required") : null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String when value.GetString()!.Length > 0 => value.GetString(),
            JsonValueKind.Number when value.TryGetInt64(out var id) && id > 0 => id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => throw HetznerApiException.InvalidInput(field, "must be an ID or a name"),
        };
    }

    private HetznerActionRecord NewAction(string command, DateTimeOffset started, DateTimeOffset finishesAt, params (long, string)[] resources) =>
        NewAction(command, started, finishesAt, false, resources);

    private HetznerActionRecord NewAction(string command, DateTimeOffset started, DateTimeOffset finishesAt, bool fail, params (long, string)[] resources)
    {
        var action = new HetznerActionRecord { Id = _nextActionId++, Command = command, Started = started, FinishesAt = finishesAt, Resources = resources, WillFail = fail };
        _actions[action.Id] = action;
        Advance();
        return action;
    }

    // Applies every transition that is due.
    private void Advance()
    {
        var now = _time.GetUtcNow();
        var started = _initializing.RemoveAll(server =>
        {
            if (now < server.ReadyAt) return false;
            server.Status = server.StartAfterCreate && !server.FailsToStart ? "running" : "off";
            return true;
        });
        if (started > 0) _serverLists.Invalidate();

        foreach (var action in _actions.Values)
        {
            if (action.Status != "running" || now < action.FinishesAt) continue;
            action.Finished = action.FinishesAt;
            if (action.WillFail)
            {
                action.Status = "error";
                action.ErrorCode = "unknown_error";
                action.ErrorMessage = "Server could not be started (emulated failure)";
                continue;
            }

            action.Status = "success";
            if (action.Command == "create_image")
            {
                foreach (var (id, type) in action.Resources)
                {
                    if (type == "image" && _images.TryGetValue(id, out var image))
                    {
                        image.Status = "available";
                        image.ImageSize = Math.Round(image.DiskSize * 0.031, 2);
                    }
                }
            }
        }
    }
}
