using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Spuff.Core;
using Spuff.Providers.Creating;
using Spuff.Providers.Http;
using Spuff.Providers.Paging;
using Spuff.Providers.Waiting;

namespace Spuff.Providers.Hetzner
{
    /// <summary>
    /// Hetzner Cloud (API v1) through the shared HTTP chain: servers, snapshots (images of type snapshot),
    /// SSH keys and the catalog of locations, server types and system images.
    /// </summary>
    public sealed class HetznerProvider : IProvider, IProviderCatalog, IDisposable, IPacedProvider, IBatchReadiness
    {
        public const string DefaultLocation = "fsn1";
        public const string DefaultServerType = "cx23";

        /// <summary>Hetzner's largest page; fewer pages means fewer requests out of the 3,600/hour budget.</summary>
        internal const int PageSize = 50;

        /// <summary>
        /// Pages of a listing held at once after the first (see docs/performance.md, "Listing"): 16 × 50 = 800 servers
        /// per round trip, like DigitalOcean's 4 × 200. A 10,000-server listing is 200 requests, 6% of the 3,600 bucket;
        /// below a tenth of the bucket the listing goes one page at a time.
        /// </summary>
        internal const int ListConcurrency = 16;

        // Marks the server of one create call, so a server found after a lost answer is known to be this call's.
        internal const string RequestLabelKey = "spuff-request";

        // Attempts of one create after ambiguous failures; safe because Hetzner enforces unique names.
        private const int CreateAttempts = 3;

        private static readonly Regex Md5Fingerprint = new Regex("^([0-9a-f]{2}:){15}[0-9a-f]{2}\\z", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        private readonly ProviderHttpClient _http;
        private readonly HttpPipelineSettings _settings;
        private readonly HetznerReadiness _readiness;

        internal HetznerProvider(HttpPipelineSettings settings)
        {
            _settings = settings;
            _http = new ProviderHttpClient(settings);
            _readiness = new HetznerReadiness(this, _http, settings);
        }

        public string Name => "hetzner";

        public bool SupportsSnapshots => true;

        public async Task<ProviderInstance> CreateInstanceAsync(InstanceRequest request, CancellationToken cancellationToken = default)
        {
            if (request == null)
            {
                throw ProviderException.InvalidConfig("Request", "no instance request was given.");
            }

            var body = new HetznerCreateServerRequest
            {
                Name = HetznerValidation.ServerName(request.Name),
                ServerType = request.Size == null ? DefaultServerType : HetznerValidation.Slug(request.Size, "Size"),
                Location = request.Region == null ? DefaultLocation : HetznerValidation.Slug(request.Region, "Region"),
                Image = ImageOf(request.Image ?? ImageSpec.Default),
                UserData = HetznerValidation.UserData(request.UserData),
                Labels = HetznerLabels.ForCreate(request.Labels),
            };
            var explicitKeys = KeysOf(request.SshKeys);
            cancellationToken.ThrowIfCancellationRequested();

            // Marks this call's server, so a server found after a lost answer is known to be this call's.
            var mark = Guid.NewGuid().ToString("N").Substring(0, 12);
            body.Labels[RequestLabelKey] = mark;
            body.SshKeys = await ResolveSshKeysAsync(explicitKeys, cancellationToken).ConfigureAwait(false);

            // Names are unique in a Hetzner project and the API enforces that on every create, also for a server that
            // lists do not show yet. So after an ambiguous failure (5xx, timeout, lost connection) sending the same
            // create again is safe: it either makes the one server or answers uniqueness_error because an earlier
            // attempt made it. A transient fault costs the user nothing, and a server is never made twice.
            ProviderException? ambiguous = null;
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var created = await _http.SendAsync<HetznerServerEnvelope>(HttpMethod.Post, "servers", body, idempotent: false, cancellationToken).ConfigureAwait(false);
                    return ReadinessRules.Remember(ToInstance(created.Server ?? throw Unreadable("POST /servers", "server")));
                }
                catch (ProviderException error) when (error.ErrorCode == "uniqueness_error" && !cancellationToken.IsCancellationRequested)
                {
                    return ReadinessRules.Remember(await NameTakenAsync(body.Name, mark, ambiguous, error, cancellationToken).ConfigureAwait(false));
                }
                catch (ProviderException error) when (CreateOutcome.IsAmbiguous(error) && !cancellationToken.IsCancellationRequested)
                {
                    ambiguous = error;
                    if (attempt >= CreateAttempts)
                    {
                        break;
                    }

                    _settings.Log?.Write(ProviderLogLevel.Verbose, $"Hetzner: creating '{body.Name}' failed ({error.Message}); sending it again ({attempt + 1} of {CreateAttempts}). Server names are unique, so this cannot make a second server.");
                    await _settings.TimeProvider.Delay(RetryPause(attempt), cancellationToken).ConfigureAwait(false);
                }
            }

            var found = await CreateOutcome.LookAgainAsync(
                ct => FindByNameAsync(body.Name, ct),
                $"server '{body.Name}'",
                _settings.Timeouts.CreateVisibility,
                _settings.TimeProvider,
                Pace,
                _settings.Log,
                cancellationToken).ConfigureAwait(false);
            if (found != null && IsThisCall(found, mark))
            {
                _settings.Log?.Write(ProviderLogLevel.Warning, $"Hetzner: creating '{body.Name}' failed ({ambiguous!.Message}), but the server was created (id {found.Id}); continuing with it.");
                return ReadinessRules.Remember(found);
            }

            throw CreateOutcome.MayExist(
                ambiguous!,
                Name,
                "Hetzner",
                body.Name,
                $"{CreateAttempts} attempts failed and no server named '{body.Name}' of this request was listed within {_settings.Timeouts.CreateVisibility.TotalSeconds:0} s, which does not prove there is none.");
        }

        public async Task DestroyInstanceAsync(string id, CancellationToken cancellationToken = default)
        {
            var serverId = HetznerValidation.Id(id, "Id", "server");
            var server = await GetInstanceAsync(id, cancellationToken).ConfigureAwait(false);
            if (server == null)
            {
                return;
            }

            ManagedResources.Require(server.Labels, Name, "server", id, server.Name, "label " + HetznerLabels.ManagedSelector, "hcloud server delete " + id);
            // 200 with a delete action when deleted now, 404 when it was already gone: both are success.
            await _http.DeleteAsync("servers/" + Format(serverId), cancellationToken).ConfigureAwait(false);
        }

        public async Task<ProviderInstance?> GetInstanceAsync(string id, CancellationToken cancellationToken = default)
        {
            var serverId = HetznerValidation.Id(id, "Id", "server");
            var found = await _http.GetOrDefaultAsync<HetznerServerEnvelope>("servers/" + Format(serverId), cancellationToken).ConfigureAwait(false);
            return found?.Server == null ? null : ToInstance(found.Server);
        }

        public async IAsyncEnumerable<ProviderInstance> ListInstancesAsync(ListFilter? filter = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var query = "servers?label_selector=" + Uri.EscapeDataString(HetznerLabels.Selector(filter));
            await foreach (var server in StreamAsync<HetznerServerList, HetznerServer>(query, s => s.Id, cancellationToken).ConfigureAwait(false))
            {
                var instance = ToInstance(server);
                if (ListFilter.Admits(filter, instance.Labels))
                {
                    yield return instance;
                }
            }
        }

        public Task<ProviderInstance> WaitReadyAsync(string id, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            HetznerValidation.Id(id, "Id", "server");
            return ReadinessWaiter.WaitOneAsync(this, id, _settings.Timeouts, progress, cancellationToken);
        }

        /// <summary>Grace after create, the failed-start check for servers that are off, the rate-budget pacer.</summary>
        public ReadinessRules ReadinessRules => _readiness.Rules;

        Task<BatchPoll> IBatchReadiness.PollAsync(IReadOnlyList<WaitTarget> pending, bool batch, CancellationToken cancellationToken) =>
            _readiness.PollAsync(pending, batch, cancellationToken);

        public async Task<Snapshot> CreateSnapshotAsync(string instanceId, string name, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            var serverId = HetznerValidation.Id(instanceId, "InstanceId", "server");
            if (string.IsNullOrWhiteSpace(name))
            {
                throw ProviderException.InvalidConfig("Name", "the snapshot name is empty.");
            }

            // The request mark finds this call's image after a lost answer (see StartSnapshotAsync).
            var mark = Guid.NewGuid().ToString("N").Substring(0, 12);
            var body = new HetznerCreateImageRequest
            {
                Description = name,
                Labels = HetznerLabels.ForCreate(new Dictionary<string, string>
                {
                    [HetznerLabels.SourceInstanceKey] = Format(serverId),
                    [RequestLabelKey] = mark,
                }),
            };
            cancellationToken.ThrowIfCancellationRequested();

            HetznerCreateImageResponse started;
            try
            {
                started = await StartSnapshotAsync(Format(serverId), body, mark, progress, cancellationToken).ConfigureAwait(false);
            }
            catch (ProviderException error) when (error.Kind == ProviderErrorKind.NotFound)
            {
                error.ResourceType = "instance";
                error.ResourceId = instanceId;
                throw;
            }

            var image = started.Image ?? throw Unreadable("POST create_image", "image");
            if (started.Action != null)
            {
                await WaitForActionAsync(started.Action, "snapshot", progress, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                // Found after a lost answer: its action is not known, the image's own status tells when it is done.
                await WaitForImageAsync(image, progress, cancellationToken).ConfigureAwait(false);
            }

            // The image as it is now that the action is done (status available, image_size known).
            var final = await _http.GetOrDefaultAsync<HetznerImageEnvelope>("images/" + Format(image.Id), cancellationToken).ConfigureAwait(false);
            return ToSnapshot(final?.Image ?? image);
        }

        /// <summary>
        /// Sends create_image. After an ambiguous failure (lost answer, reset, timeout, 5xx) the image carrying this
        /// call's request mark is looked for with backoff: found, it is continued with (no action: null); absent while
        /// the lookup answered, the request is sent again (nothing was made, so this cannot make a second image);
        /// otherwise the error says a snapshot may exist (SnapshotOutcome).
        /// </summary>
        private async Task<HetznerCreateImageResponse> StartSnapshotAsync(string server, HetznerCreateImageRequest body, string mark, IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await PostWhenUnlockedAsync<HetznerCreateImageResponse>($"servers/{server}/actions/create_image", body, server, progress, cancellationToken).ConfigureAwait(false);
                }
                catch (ProviderException error) when (CreateOutcome.IsAmbiguous(error) && !cancellationToken.IsCancellationRequested)
                {
                    var (found, proved) = await SnapshotOutcome.LookForAsync(
                        ct => FindImageByMarkAsync(mark, ct),
                        $"snapshot '{body.Description}' of server {server} (label {RequestLabelKey}={mark})",
                        _settings.Timeouts.CreateVisibility,
                        _settings.TimeProvider,
                        Pace,
                        _settings.Log,
                        cancellationToken).ConfigureAwait(false);
                    if (found != null)
                    {
                        _settings.Log?.Write(ProviderLogLevel.Warning, $"Hetzner: the snapshot request for '{body.Description}' failed ({error.Message}), but it made image {Format(found.Id)}; continuing with it.");
                        return new HetznerCreateImageResponse { Image = found };
                    }

                    if (!proved)
                    {
                        throw SnapshotOutcome.MayExist(error, Name, "Hetzner", body.Description ?? string.Empty,
                            $"images labelled {RequestLabelKey}={mark} could not be listed within {_settings.Timeouts.CreateVisibility.TotalSeconds:0} s to check.");
                    }

                    if (attempt >= SnapshotOutcome.Attempts)
                    {
                        throw;
                    }

                    _settings.Log?.Write(ProviderLogLevel.Warning, $"Hetzner: the snapshot request for '{body.Description}' failed ({error.Message}) and no image of it exists; sending it again ({attempt + 1} of {SnapshotOutcome.Attempts}).");
                }
            }
        }

        private async Task<HetznerImage?> FindImageByMarkAsync(string mark, CancellationToken cancellationToken)
        {
            var query = $"images?type=snapshot&label_selector={Uri.EscapeDataString(RequestLabelKey + "=" + mark)}";
            var found = await _http.GetAsync<HetznerImageList>(query, cancellationToken).ConfigureAwait(false);
            return found.Images.FirstOrDefault(i => i.Labels != null && i.Labels.TryGetValue(RequestLabelKey, out var value) && value == mark);
        }

        private Task<HetznerImage> WaitForImageAsync(HetznerImage image, IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
        {
            var options = WaitOptions.ForAction(_settings.Timeouts, "snapshot", Format(image.Id));
            options.Pacer = Pace;
            options.TimeProvider = _settings.TimeProvider;
            return Waiter.WaitAsync(
                async ct => (await _http.GetAsync<HetznerImageEnvelope>("images/" + Format(image.Id), ct).ConfigureAwait(false)).Image
                    ?? throw Unreadable("GET /images/" + Format(image.Id), "image"),
                current => current.Status == "available" ? WaitDecision.Done("available") : WaitDecision.Continue(current.Status ?? "creating"),
                options,
                progress,
                cancellationToken);
        }

        public async IAsyncEnumerable<Snapshot> ListSnapshotsAsync(ListFilter? filter = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var query = "images?type=snapshot&label_selector=" + Uri.EscapeDataString(HetznerLabels.Selector(filter));
            await foreach (var image in StreamAsync<HetznerImageList, HetznerImage>(query, i => i.Id, cancellationToken).ConfigureAwait(false))
            {
                var snapshot = ToSnapshot(image);
                if (ListFilter.Admits(filter, snapshot.Labels))
                {
                    yield return snapshot;
                }
            }
        }

        public async Task DeleteSnapshotAsync(string id, CancellationToken cancellationToken = default)
        {
            var imageId = HetznerValidation.Id(id, "Id", "snapshot");
            var image = await _http.GetOrDefaultAsync<HetznerImageEnvelope>("images/" + Format(imageId), cancellationToken).ConfigureAwait(false);
            if (image?.Image == null)
            {
                return;
            }

            ManagedResources.Require(image.Image.Labels, Name, "snapshot", id, image.Image.Description, "label " + HetznerLabels.ManagedSelector, "hcloud image delete " + id);
            await _http.DeleteAsync("images/" + Format(imageId), cancellationToken).ConfigureAwait(false);
        }

        /// <summary>The ids of the project's SSH keys (<c>GET /ssh_keys</c>), shared for a minute by the calls of this
        /// token (<see cref="SessionCache"/>), so a loop of creates reads them once.</summary>
        public Task<IReadOnlyList<string>> GetSshKeysAsync(CancellationToken cancellationToken = default) =>
            SessionCache.GetOrLoadAsync<IReadOnlyList<string>>(
                SessionCache.KeyFor(_settings, "ssh_keys"),
                SessionCache.SshKeysLifetime,
                _settings.TimeProvider,
                async ct =>
                {
                    var keys = new List<string>();
                    await foreach (var key in StreamAsync<HetznerSshKeyList, HetznerSshKey>("ssh_keys", k => k.Id, ct).ConfigureAwait(false))
                    {
                        keys.Add(Format(key.Id));
                    }

                    return keys.AsReadOnly();
                },
                cancellationToken);

        /// <summary>Shared for ten minutes by the calls of this token (<see cref="SessionCache"/>).</summary>
        public Task<IReadOnlyList<CatalogEntry>> ListRegionsAsync(CancellationToken cancellationToken = default) =>
            SessionCache.GetOrLoadAsync(SessionCache.KeyFor(_settings, "catalog/regions"), SessionCache.CatalogLifetime, _settings.TimeProvider, LoadRegionsAsync, cancellationToken);

        private async Task<IReadOnlyList<CatalogEntry>> LoadRegionsAsync(CancellationToken cancellationToken)
        {
            var entries = new List<CatalogEntry>();
            await foreach (var location in StreamAsync<HetznerLocationList, HetznerLocation>("locations", l => l.Id, cancellationToken).ConfigureAwait(false))
            {
                var where = string.Join(", ", new[] { location.City, location.Country }.Where(s => !string.IsNullOrEmpty(s)));
                entries.Add(new CatalogEntry(location.Name, where.Length == 0 ? location.Description : $"{location.Description} ({where})"));
            }

            return entries;
        }

        /// <summary>Shared for ten minutes by the calls of this token (<see cref="SessionCache"/>).</summary>
        public Task<IReadOnlyList<CatalogEntry>> ListSizesAsync(CancellationToken cancellationToken = default) =>
            SessionCache.GetOrLoadAsync(SessionCache.KeyFor(_settings, "catalog/sizes"), SessionCache.CatalogLifetime, _settings.TimeProvider, LoadSizesAsync, cancellationToken);

        private async Task<IReadOnlyList<CatalogEntry>> LoadSizesAsync(CancellationToken cancellationToken)
        {
            var entries = new List<CatalogEntry>();
            await foreach (var type in StreamAsync<HetznerServerTypeList, HetznerServerType>("server_types", t => t.Id, cancellationToken).ConfigureAwait(false))
            {
                if (!type.Deprecated)
                {
                    entries.Add(new CatalogEntry(type.Name, string.Format(CultureInfo.InvariantCulture, "{0:0.#} vCPU, {1:0.#} GB RAM, {2:0} GB disk, {3}", type.Cores, type.Memory, type.Disk, type.Architecture ?? "x86")));
                }
            }

            return entries;
        }

        /// <summary>Shared for ten minutes by the calls of this token (<see cref="SessionCache"/>).</summary>
        public Task<IReadOnlyList<CatalogEntry>> ListImagesAsync(CancellationToken cancellationToken = default) =>
            SessionCache.GetOrLoadAsync(SessionCache.KeyFor(_settings, "catalog/images"), SessionCache.CatalogLifetime, _settings.TimeProvider, LoadImagesAsync, cancellationToken);

        private async Task<IReadOnlyList<CatalogEntry>> LoadImagesAsync(CancellationToken cancellationToken)
        {
            var names = new SortedDictionary<string, CatalogEntry>(StringComparer.Ordinal);
            await foreach (var image in StreamAsync<HetznerImageList, HetznerImage>("images?type=system&status=available", i => i.Id, cancellationToken).ConfigureAwait(false))
            {
                // One entry per name: Hetzner lists each system image once per architecture.
                if (!string.IsNullOrEmpty(image.Name) && image.Deprecated == null && !names.ContainsKey(image.Name!))
                {
                    names[image.Name!] = new CatalogEntry(image.Name!, image.Description);
                }
            }

            return names.Values.ToList();
        }

        public void Dispose() => _http.Dispose();

        internal static object ImageOf(ImageSpec image)
        {
            switch (image.Kind)
            {
                case ImageKind.Ubuntu:
                    return "ubuntu-" + image.Value;
                case ImageKind.Debian:
                    return "debian-" + image.Value;
                case ImageKind.Snapshot:
                    // The API wants a snapshot as its id; an integer, like hcloud-go sends it.
                    return HetznerValidation.Id(image.Value, "Image", "snapshot");
                default:
                    return HetznerValidation.CustomImage(image.Value);
            }
        }

        private static List<object> KeysOf(IList<string>? keys)
        {
            var result = new List<object>();
            foreach (var key in keys ?? Array.Empty<string>())
            {
                var text = (key ?? string.Empty).Trim();
                if (text.Length == 0)
                {
                    throw ProviderException.InvalidConfig("SshKey", "an SSH key id or name is empty.");
                }

                result.Add(HetznerValidation.TryId(text, out var id) ? id : (object)text);
            }

            return result;
        }

        // Hetzner takes key ids or names; a fingerprint is looked up, and no keys given means every key of the project.
        private async Task<List<object>?> ResolveSshKeysAsync(List<object> keys, CancellationToken cancellationToken)
        {
            if (keys.Count == 0)
            {
                var all = await GetSshKeysAsync(cancellationToken).ConfigureAwait(false);
                return all.Count == 0 ? null : all.Select(k => (object)long.Parse(k, CultureInfo.InvariantCulture)).ToList();
            }

            for (var i = 0; i < keys.Count; i++)
            {
                if (keys[i] is string text && Md5Fingerprint.IsMatch(text))
                {
                    var found = await _http.GetAsync<HetznerSshKeyList>("ssh_keys?fingerprint=" + Uri.EscapeDataString(text.ToLowerInvariant()), cancellationToken).ConfigureAwait(false);
                    var key = found.SshKeys.FirstOrDefault() ?? throw ProviderException.InvalidConfig("SshKey", $"no SSH key with the fingerprint {text} in this Hetzner project.");
                    keys[i] = key.Id;
                }
            }

            return keys;
        }

        private TimeSpan RetryPause(int attempt) =>
            TimeSpan.FromTicks(Math.Min(_settings.Retry.MaxDelay.Ticks, _settings.Retry.BaseDelay.Ticks << (attempt - 1)));

        private static bool IsThisCall(ProviderInstance server, string mark) =>
            server.Labels.TryGetValue(RequestLabelKey, out var value) && value == mark;

        private async Task<ProviderInstance?> FindByNameAsync(string name, CancellationToken cancellationToken)
        {
            var found = await _http.GetAsync<HetznerServerList>("servers?name=" + Uri.EscapeDataString(name), cancellationToken).ConfigureAwait(false);
            var server = found.Servers.FirstOrDefault(s => s.Name == name);
            return server == null ? null : ToInstance(server);
        }

        /// <summary>
        /// Hetzner answered uniqueness_error: a server has the name. After an ambiguous attempt of this call it is most
        /// likely ours (its spuff-request label says so) and is returned; a Spuff server of an earlier run is reported as
        /// AlreadyExists with that server; anything else is the user's own server and the name must change.
        /// </summary>
        private async Task<ProviderInstance> NameTakenAsync(string name, string mark, ProviderException? ambiguous, ProviderException conflict, CancellationToken cancellationToken)
        {
            var server = await CreateOutcome.LookAgainAsync(
                ct => FindByNameAsync(name, ct),
                $"server '{name}'",
                _settings.Timeouts.CreateVisibility,
                _settings.TimeProvider,
                Pace,
                _settings.Log,
                cancellationToken).ConfigureAwait(false);
            if (server != null && IsThisCall(server, mark))
            {
                _settings.Log?.Write(ProviderLogLevel.Warning, $"Hetzner: an earlier attempt to create '{name}' failed ({ambiguous?.Message}), but it made the server (id {server.Id}); continuing with it.");
                return server;
            }

            if (server != null && HetznerLabels.IsManaged(server.Labels))
            {
                var exists = CreateOutcome.AlreadyExists(server, Name, "Hetzner");
                exists.StatusCode = conflict.StatusCode;
                exists.ErrorCode = conflict.ErrorCode;
                exists.RequestId = conflict.RequestId;
                throw exists;
            }

            if (server == null && ambiguous != null)
            {
                throw CreateOutcome.MayExist(ambiguous, Name, "Hetzner", name, $"Hetzner then said a server named '{name}' exists, but it was not listed within {_settings.Timeouts.CreateVisibility.TotalSeconds:0} s.");
            }

            var taken = ProviderException.InvalidConfig("Name", server == null
                ? $"a server named '{name}' already exists in this Hetzner project; choose another -Name."
                : $"a server named '{name}' (id {server.Id}) already exists in this Hetzner project and Spuff did not make it; choose another -Name.");
            taken.Provider = Name;
            taken.StatusCode = conflict.StatusCode;
            taken.ErrorCode = conflict.ErrorCode;
            taken.RequestId = conflict.RequestId;
            throw taken;
        }

        /// <summary>
        /// Sends an action POST, and sends it again while Hetzner answers 423 locked or 409 conflict: those mean it did
        /// not start the action (another one, such as the server's start, is still running), so resending is safe,
        /// unlike after a 5xx or a timeout. Backs off like every wait and gives up after the action timeout.
        /// </summary>
        private async Task<T> PostWhenUnlockedAsync<T>(string path, object body, string serverId, IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
            where T : class
        {
            var options = WaitOptions.ForAction(_settings.Timeouts, "server to be unlocked", serverId);
            options.ToleratedFailures = 0; // the probe is a POST: after a 5xx it may have run, so it is never repeated.
            options.Pacer = Pace;
            options.TimeProvider = _settings.TimeProvider;
            var result = await Waiter.WaitAsync<T?>(
                async ct =>
                {
                    try
                    {
                        return await _http.SendAsync<T>(HttpMethod.Post, path, body, idempotent: false, ct).ConfigureAwait(false);
                    }
                    catch (ProviderException error) when (error.ErrorCode == "locked" || error.ErrorCode == "conflict")
                    {
                        _settings.Log?.Write(ProviderLogLevel.Debug, $"Hetzner: server {serverId} is busy ({error.ErrorCode}); trying again.");
                        return null;
                    }
                },
                started => started == null ? WaitDecision.Continue("locked by another action") : WaitDecision.Done("started"),
                options,
                progress,
                cancellationToken).ConfigureAwait(false);
            return result!;
        }

        private async Task WaitForActionAsync(HetznerAction action, string what, IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
        {
            var options = WaitOptions.ForAction(_settings.Timeouts, what, Format(action.Id));
            options.Pacer = Pace;
            options.TimeProvider = _settings.TimeProvider;
            // The POST already told us the action's state: the first probe uses it instead of asking again.
            var first = true;
            await Waiter.WaitAsync(
                async ct =>
                {
                    if (first)
                    {
                        first = false;
                        return action;
                    }

                    var polled = await _http.GetAsync<HetznerActionEnvelope>("actions/" + Format(action.Id), ct).ConfigureAwait(false);
                    return polled.Action ?? throw Unreadable("GET /actions/" + Format(action.Id), "action");
                },
                current => Judge(current, what),
                options,
                progress,
                cancellationToken).ConfigureAwait(false);
        }

        private WaitDecision Judge(HetznerAction action, string what)
        {
            switch (action.Status)
            {
                case "success":
                    return WaitDecision.Done("success");
                case "error":
                    var code = action.Error?.Code ?? "action_failed";
                    var failure = new ProviderException(ProviderErrorKind.Api, $"Hetzner {what} action {Format(action.Id)} ({action.Command}) failed: {action.Error?.Message ?? "no message"} (code {code})")
                    {
                        Provider = Name,
                        ErrorCode = code,
                        ResourceType = "action",
                        ResourceId = Format(action.Id),
                        Operation = action.Command,
                    };
                    return WaitDecision.Fail(failure);
                default:
                    return WaitDecision.Continue(action.Progress.HasValue ? $"{action.Status} ({action.Progress}%)" : action.Status, action.Progress);
            }
        }

        public TimeSpan Pace(TimeSpan pause) => _settings.RateLimits.Pace(pause, _settings.TimeProvider.GetUtcNow());

        private IAsyncEnumerable<TItem> StreamAsync<TPage, TItem>(string query, Func<TItem, long> idOf, CancellationToken cancellationToken)
            where TPage : IHetznerPage<TItem>
        {
            var separator = query.IndexOf('?') < 0 ? "?" : "&";
            var path = query.Split('?')[0];
            var listing = new NumberedListing<TItem>(
                "Hetzner GET /" + path,
                PageSize,
                async (number, ct) =>
                {
                    var page = await _http.GetAsync<TPage>($"{query}{separator}page={number.ToString(CultureInfo.InvariantCulture)}&per_page={PageSize}", ct).ConfigureAwait(false);
                    var pagination = page.Meta?.Pagination;
                    return new NumberedPage<TItem>(page.Items, pagination?.TotalEntries, pagination?.LastPage, pagination?.PerPage > 0 ? pagination.PerPage : (long?)null, pagination?.NextPage);
                },
                item => Format(idOf(item)))
            {
                Log = _settings.Log,
                Provider = Name,
            };
            return Paginator.StreamAsync(listing, Paging, cancellationToken);
        }

        private PagingOptions Paging => new PagingOptions { MaxInFlight = ListConcurrency, Budget = _settings.RateLimits };

        internal ProviderInstance ToInstance(HetznerServer server)
        {
            IPAddress? address = null;
            var ip = server.PublicNet?.Ipv4?.Ip;
            if (!string.IsNullOrEmpty(ip) && IPAddress.TryParse(ip, out var parsed))
            {
                address = parsed;
            }

            var labels = server.Labels ?? new Dictionary<string, string>();
            return new ProviderInstance(Format(server.Id), HetznerStatusMap.Map(server.Status), address, server.Created)
            {
                Name = server.Name,
                Provider = Name,
                Region = server.Location?.Name ?? server.Datacenter?.Location?.Name,
                Size = server.ServerType?.Name,
                Image = server.Image == null ? null : server.Image.Name ?? Format(server.Image.Id),
                Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal),
            };
        }

        internal Snapshot ToSnapshot(HetznerImage image)
        {
            var labels = image.Labels ?? new Dictionary<string, string>();
            string? source = image.CreatedFrom != null ? Format(image.CreatedFrom.Id) : null;
            if (source == null && labels.TryGetValue(HetznerLabels.SourceInstanceKey, out var fromLabel))
            {
                source = fromLabel;
            }

            return new Snapshot(Format(image.Id), image.Description ?? image.Name ?? string.Empty)
            {
                Provider = Name,
                CreatedAt = image.Created,
                SizeGb = image.ImageSize ?? image.DiskSize,
                SourceInstanceId = source,
                Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal),
            };
        }

        private ProviderException Unreadable(string call, string field) =>
            new ProviderException(ProviderErrorKind.Api, $"Hetzner answered {call} without '{field}'.") { Provider = Name };

        private static string Format(long id) => id.ToString(CultureInfo.InvariantCulture);
    }
}
