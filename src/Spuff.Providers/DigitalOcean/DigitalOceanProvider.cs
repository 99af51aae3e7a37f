using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Spuff.Core;
using Spuff.Providers.Creating;
using Spuff.Providers.Http;
using Spuff.Providers.Paging;
using Spuff.Providers.Waiting;

namespace Spuff.Providers.DigitalOcean
{
    /// <summary>DigitalOcean API v2: droplets, droplet snapshots, account SSH keys. Only mapping lives here.</summary>
    public sealed class DigitalOceanProvider : IProvider, IProviderCatalog, IDisposable, IPacedProvider, IBatchReadiness
    {
        public const string DefaultRegion = "nyc3";
        public const string DefaultSize = "s-1vcpu-1gb";
        internal const int PageSize = 200;

        /// <summary>
        /// Pages of a listing held at once after the first, as doctl's 4 workers (see docs/performance.md, "Listing"):
        /// 4 × 200 = 800 droplets per round trip. DigitalOcean's 250 requests a minute are not in its headers (they
        /// count the hourly 5,000), so a burst is kept small; below a tenth of the hourly budget it is one page at a time.
        /// </summary>
        internal const int ListConcurrency = 4;

        // Marks one create call so an ambiguous failure can find the droplet it may have made.
        private const string RequestTagKey = "spuff-request";

        // How far DigitalOcean's clock may be behind this machine's when a snapshot action is matched by its start.
        private static readonly TimeSpan SnapshotClockSkew = TimeSpan.FromSeconds(30);

        private readonly ProviderHttpClient _http;
        private readonly ProviderOptions _options;
        private readonly DigitalOceanReadiness _readiness;

        internal DigitalOceanProvider(ProviderHttpClient http, ProviderOptions options)
        {
            _http = http;
            _options = options;
            _readiness = new DigitalOceanReadiness(this, http);
            _marks = new DigitalOceanSnapshotMarks(
                http,
                options.Log,
                (tag, ct) => StreamAsync<DoDropletList, DoDroplet>("droplets?tag_name=" + Uri.EscapeDataString(tag), d => Format(d.Id), ct),
                ListDropletSnapshotsAsync);
        }

        private readonly DigitalOceanSnapshotMarks _marks;

        public string Name => "digitalocean";

        public bool SupportsSnapshots => true;

        private ProviderTimeouts Timeouts => _options.Timeouts;

        public async Task<ProviderInstance> CreateInstanceAsync(InstanceRequest request, CancellationToken cancellationToken = default)
        {
            if (request == null)
            {
                throw ProviderException.InvalidConfig("request", "no instance request was given.");
            }

            DigitalOceanValidation.Name(request.Name);
            DigitalOceanValidation.UserData(request.UserData);
            var callerMark = DigitalOceanValidation.IdempotencyToken(request.IdempotencyToken);
            var sshKeys = DigitalOceanValidation.SshKeys(request.SshKeys);
            var labels = new Dictionary<string, string>(request.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
            var requestMark = callerMark ?? Guid.NewGuid().ToString("N").Substring(0, 12);
            labels[RequestTagKey] = requestMark;
            var body = new DoDropletCreate
            {
                Name = request.Name,
                Region = DigitalOceanValidation.Slug(request.Region, "Region") ?? DefaultRegion,
                Size = DigitalOceanValidation.Slug(request.Size, "Size") ?? DefaultSize,
                Image = ImageFor(request.Image ?? ImageSpec.Default),
                UserData = request.UserData,
                Tags = DigitalOceanTags.Encode(labels),
            };
            cancellationToken.ThrowIfCancellationRequested();
            if (callerMark != null)
            {
                // The caller's token means "this create, once": a droplet an earlier call with it made is the answer.
                await foreach (var earlier in ListDropletsAsync(RequestTagKey + ":" + callerMark, cancellationToken).ConfigureAwait(false))
                {
                    _options.Log?.Write(ProviderLogLevel.Verbose, $"Droplet {earlier.Id} was already created with this idempotency token; returning it.");
                    return earlier;
                }
            }

            // A name identifies one Spuff droplet (DigitalOcean itself allows duplicates): a re-run after a create
            // that failed, timed out or was interrupted finds the earlier droplet instead of making a second one.
            var sameName = await FindManagedByNameAsync(request.Name, cancellationToken).ConfigureAwait(false);
            if (sameName != null)
            {
                throw CreateOutcome.AlreadyExists(sameName, Name, "DigitalOcean");
            }

            body.SshKeys = await ResolveSshKeysAsync(sshKeys, cancellationToken).ConfigureAwait(false);

            try
            {
                var created = await _http.SendAsync<DoDropletResponse>(HttpMethod.Post, "droplets", body, idempotent: false, cancellationToken).ConfigureAwait(false);
                return ReadinessRules.Remember(ToInstance(created.Droplet ?? throw ProviderException.Api(202, "DigitalOcean accepted the droplet but returned no droplet object.")));
            }
            catch (ProviderException ex) when (CreateOutcome.IsAmbiguous(ex) && !cancellationToken.IsCancellationRequested)
            {
                // The POST may have reached DigitalOcean even though no answer came back, and a new droplet can be
                // missing from the tag listing for a few seconds: look for this call's mark again with backoff. The
                // POST is never sent again (DigitalOcean has no idempotency key), so a droplet is never made twice.
                var recovered = await CreateOutcome.LookAgainAsync(
                    ct => FindByRequestMarkAsync(requestMark, ct),
                    $"droplet '{request.Name}' (tag {RequestTagKey}:{requestMark})",
                    Timeouts.CreateVisibility,
                    _http.Settings.TimeProvider,
                    Pace,
                    _options.Log,
                    cancellationToken).ConfigureAwait(false);
                if (recovered != null)
                {
                    _options.Log?.Write(ProviderLogLevel.Warning, $"The create request failed ({ex.Message}), but droplet {recovered.Id} '{recovered.Name}' was created; returning it.");
                    return ReadinessRules.Remember(recovered);
                }

                throw CreateOutcome.MayExist(
                    ex,
                    Name,
                    "DigitalOcean",
                    request.Name,
                    $"no droplet tagged {RequestTagKey}:{requestMark} was listed within {Timeouts.CreateVisibility.TotalSeconds:0} s, which does not prove there is none (DigitalOcean lists new droplets late).");
            }
        }

        public async Task DestroyInstanceAsync(string id, CancellationToken cancellationToken = default)
        {
            var dropletId = DigitalOceanValidation.DropletId(id);
            var droplet = await GetInstanceAsync(id, cancellationToken).ConfigureAwait(false);
            if (droplet == null)
            {
                return;
            }

            ManagedResources.Require(droplet.Labels, Name, "droplet", id, droplet.Name, "tag " + DigitalOceanTags.ManagedTag, "doctl compute droplet delete " + id);
            if (droplet.Labels.ContainsKey(DigitalOceanSnapshotMarks.PendingTag))
            {
                // Its marks are the only record of snapshots that an interrupted New-SpuffSnapshot asked for: settle
                // them before the droplet and its tags are gone.
                await _marks.ReconcileAsync(id, cancellationToken).ConfigureAwait(false);
            }

            await _http.DeleteAsync("droplets/" + dropletId.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
        }

        public async Task<ProviderInstance?> GetInstanceAsync(string id, CancellationToken cancellationToken = default)
        {
            var dropletId = DigitalOceanValidation.DropletId(id);
            var response = await _http.GetOrDefaultAsync<DoDropletResponse>("droplets/" + dropletId.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
            return response?.Droplet == null ? null : ToInstance(response.Droplet);
        }

        /// <summary>
        /// Droplets tagged managed-by:spuff, or (with a filter) tagged with the filter's most selective label tag; every
        /// label of the filter and managed-by are then checked locally (DigitalOcean takes one tag_name per request).
        /// </summary>
        public async IAsyncEnumerable<ProviderInstance> ListInstancesAsync(ListFilter? filter = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var instance in ListDropletsAsync(DigitalOceanTags.ListTag(filter), cancellationToken).ConfigureAwait(false))
            {
                if (DigitalOceanTags.IsManaged(instance.Labels) && ListFilter.Admits(filter, instance.Labels))
                {
                    yield return instance;
                }
            }
        }

        public Task<ProviderInstance> WaitReadyAsync(string id, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            DigitalOceanValidation.DropletId(id);
            return ReadinessWaiter.WaitOneAsync(this, id, Timeouts, progress, cancellationToken);
        }

        /// <summary>Grace after create, droplets that are off, the rate-budget pacer.</summary>
        public ReadinessRules ReadinessRules => _readiness.Rules;

        Task<BatchPoll> IBatchReadiness.PollAsync(IReadOnlyList<WaitTarget> pending, bool batch, CancellationToken cancellationToken) =>
            _readiness.PollAsync(pending, batch, cancellationToken);

        public async Task<Snapshot> CreateSnapshotAsync(string instanceId, string name, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            var dropletId = DigitalOceanValidation.DropletId(instanceId, "InstanceId");
            if (string.IsNullOrWhiteSpace(name) || name.Length > 255)
            {
                throw ProviderException.InvalidConfig("Name", "a snapshot needs a name of 1-255 characters.");
            }

            // Marked first, so the snapshot stays Spuff's whatever fails once it is asked for (see DigitalOceanSnapshotMarks).
            var source = dropletId.ToString(CultureInfo.InvariantCulture);
            try
            {
                await _marks.MarkAsync(source, name, cancellationToken).ConfigureAwait(false);
            }
            catch (ProviderException error) when (error.Kind == ProviderErrorKind.NotFound)
            {
                error.ResourceType = "instance";
                error.ResourceId = instanceId;
                throw;
            }

            var action = await StartSnapshotAsync(dropletId, name, cancellationToken).ConfigureAwait(false);

            var options = WaitOptions.ForAction(Timeouts, "snapshot action", action.Id.ToString(CultureInfo.InvariantCulture));
            options.Activity = $"Creating snapshot '{name}'";
            options.Pacer = Pace;
            var finished = await Waiter.WaitAsync(
                ct => GetActionAsync(action.Id, ct),
                JudgeAction,
                options,
                progress,
                cancellationToken).ConfigureAwait(false);

            // Find the snapshot through the action's resource (the droplet) and the exact name, newest first:
            // a name prefix could match somebody else's snapshot.
            var resourceId = (finished.ResourceId ?? dropletId).ToString(CultureInfo.InvariantCulture);
            DoSnapshot? made = null;
            await foreach (var candidate in ListDropletSnapshotsAsync(cancellationToken).ConfigureAwait(false))
            {
                if (candidate.ResourceId == resourceId && candidate.Name == name &&
                    (made == null || candidate.CreatedAt > made.CreatedAt))
                {
                    made = candidate;
                }
            }

            if (made == null)
            {
                throw ProviderException.Other($"DigitalOcean completed snapshot action {action.Id} of droplet {resourceId}, but no snapshot named '{name}' of that droplet is listed.");
            }

            var tags = DigitalOceanSnapshotMarks.SnapshotTags(resourceId);
            foreach (var tag in tags)
            {
                await _marks.TagAsync(tag, made.Id, "image", cancellationToken).ConfigureAwait(false);
            }

            var marked = await _http.GetOrDefaultAsync<DoDropletResponse>("droplets/" + source, cancellationToken).ConfigureAwait(false);
            if (marked?.Droplet != null)
            {
                await _marks.SettleAsync(marked.Droplet, new[] { DigitalOceanSnapshotMarks.NameTag(name) }, cancellationToken).ConfigureAwait(false);
            }

            var snapshot = ToSnapshot(made);
            snapshot.Labels = DigitalOceanTags.Decode(tags);
            return snapshot;
        }

        /// <summary>
        /// Sends the snapshot request. After an ambiguous failure (lost answer, reset, timeout, 5xx) the droplet's
        /// actions are looked at with backoff for a snapshot action started since the request was sent: found, it is
        /// the one to wait for; absent while the lookup answered, the request is sent again (nothing was made, so
        /// this cannot make a second snapshot); otherwise the error says a snapshot may exist (SnapshotOutcome).
        /// </summary>
        private async Task<DoAction> StartSnapshotAsync(long dropletId, string name, CancellationToken cancellationToken)
        {
            var droplet = Format(dropletId);
            for (var attempt = 1; ; attempt++)
            {
                var sent = _http.Settings.TimeProvider.GetUtcNow();
                try
                {
                    var started = await _http.SendAsync<DoActionResponse>(
                        HttpMethod.Post,
                        $"droplets/{droplet}/actions",
                        new DoActionCreate { Type = "snapshot", Name = name },
                        idempotent: false,
                        cancellationToken).ConfigureAwait(false);
                    return started.Action ?? throw ProviderException.Api(201, "DigitalOcean started the snapshot but returned no action.");
                }
                catch (ProviderException error) when (CreateOutcome.IsAmbiguous(error) && !cancellationToken.IsCancellationRequested)
                {
                    var (found, proved) = await SnapshotOutcome.LookForAsync(
                        ct => FindSnapshotActionAsync(droplet, sent, ct),
                        $"snapshot action of droplet {droplet}",
                        Timeouts.CreateVisibility,
                        _http.Settings.TimeProvider,
                        Pace,
                        _options.Log,
                        cancellationToken).ConfigureAwait(false);
                    if (found != null)
                    {
                        _options.Log?.Write(ProviderLogLevel.Warning, $"DigitalOcean: the snapshot request for '{name}' failed ({error.Message}), but it started action {found.Id}; continuing with it.");
                        return found;
                    }

                    if (!proved)
                    {
                        throw SnapshotOutcome.MayExist(error, Name, "DigitalOcean", name,
                            $"the actions of droplet {droplet} could not be read within {Timeouts.CreateVisibility.TotalSeconds:0} s to check.");
                    }

                    if (attempt >= SnapshotOutcome.Attempts)
                    {
                        throw;
                    }

                    _options.Log?.Write(ProviderLogLevel.Warning, $"DigitalOcean: the snapshot request for '{name}' failed ({error.Message}) and droplet {droplet} shows no snapshot action since; sending it again ({attempt + 1} of {SnapshotOutcome.Attempts}).");
                }
            }
        }

        // The newest snapshot action of the droplet started since `sent` (less the clock skew allowed between this
        // machine and DigitalOcean), or null. Read from every page: the order of this listing is not documented.
        private async Task<DoAction?> FindSnapshotActionAsync(string droplet, DateTimeOffset sent, CancellationToken cancellationToken)
        {
            DoAction? newest = null;
            var since = sent - SnapshotClockSkew;
            await foreach (var action in StreamAsync<DoActionList, DoAction>($"droplets/{droplet}/actions", a => Format(a.Id), cancellationToken).ConfigureAwait(false))
            {
                if (action.Type == "snapshot" && action.StartedAt >= since && (newest == null || action.Id > newest.Id))
                {
                    newest = action;
                }
            }

            return newest;
        }

        /// <summary>Snapshots (private images) by tag, narrowed on the server like <see cref="ListInstancesAsync"/>.</summary>
        public async IAsyncEnumerable<Snapshot> ListSnapshotsAsync(ListFilter? filter = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            try
            {
                await _marks.ReconcileAsync(null, cancellationToken).ConfigureAwait(false);
            }
            catch (ProviderException error) when (error.Kind != ProviderErrorKind.Authentication)
            {
                // The listing itself can still answer; the marks stay for the next one.
                _options.Log?.Write(ProviderLogLevel.Warning, $"Could not check for snapshots an interrupted New-SpuffSnapshot left untagged: {error.Message}");
            }

            var images = StreamAsync<DoImageList, DoImage>("images?tag_name=" + Uri.EscapeDataString(DigitalOceanTags.ListTag(filter)), i => Format(i.Id), cancellationToken);
            await foreach (var image in images.ConfigureAwait(false))
            {
                var snapshot = ToSnapshot(image);
                if (DigitalOceanTags.IsManaged(snapshot.Labels) && ListFilter.Admits(filter, snapshot.Labels))
                {
                    yield return snapshot;
                }
            }
        }

        public async Task DeleteSnapshotAsync(string id, CancellationToken cancellationToken = default)
        {
            var snapshotId = DigitalOceanValidation.SnapshotId(id);
            var path = snapshotId.ToString(CultureInfo.InvariantCulture);
            var image = await _http.GetOrDefaultAsync<DoImageResponse>("images/" + path, cancellationToken).ConfigureAwait(false);
            if (image?.Image == null)
            {
                return;
            }

            if (!DigitalOceanTags.IsManaged(DigitalOceanTags.Decode(image.Image.Tags)) &&
                await _marks.ReconcileAsync(null, cancellationToken).ConfigureAwait(false) > 0)
            {
                // It may be a snapshot an interrupted New-SpuffSnapshot asked for, tagged just now.
                image = await _http.GetOrDefaultAsync<DoImageResponse>("images/" + path, cancellationToken).ConfigureAwait(false) ?? image;
            }

            ManagedResources.Require(DigitalOceanTags.Decode(image.Image!.Tags), Name, "snapshot", id, image.Image.Name, "tag " + DigitalOceanTags.ManagedTag, "doctl compute snapshot delete " + id);
            await _http.DeleteAsync("snapshots/" + path, cancellationToken).ConfigureAwait(false);
        }

        public async Task<IReadOnlyList<string>> GetSshKeysAsync(CancellationToken cancellationToken = default)
        {
            var keys = await ListSshKeysAsync(cancellationToken).ConfigureAwait(false);
            return keys.Select(k => k.Id.ToString(CultureInfo.InvariantCulture)).ToArray();
        }

        /// <summary>Shared for ten minutes by the calls of this token (<see cref="SessionCache"/>).</summary>
        public Task<IReadOnlyList<CatalogEntry>> ListRegionsAsync(CancellationToken cancellationToken = default) =>
            SessionCache.GetOrLoadAsync(SessionCache.KeyFor(_http.Settings, "catalog/regions"), SessionCache.CatalogLifetime, _http.Settings.TimeProvider, LoadRegionsAsync, cancellationToken);

        private async Task<IReadOnlyList<CatalogEntry>> LoadRegionsAsync(CancellationToken cancellationToken)
        {
            var regions = await Paginator.ToListAsync(StreamAsync<DoRegionList, DoRegion>("regions", r => r.Slug, cancellationToken), cancellationToken).ConfigureAwait(false);
            return regions.Where(r => r.Available).Select(r => new CatalogEntry(r.Slug, r.Name)).ToArray();
        }

        /// <summary>Shared for ten minutes by the calls of this token (<see cref="SessionCache"/>).</summary>
        public Task<IReadOnlyList<CatalogEntry>> ListSizesAsync(CancellationToken cancellationToken = default) =>
            SessionCache.GetOrLoadAsync(SessionCache.KeyFor(_http.Settings, "catalog/sizes"), SessionCache.CatalogLifetime, _http.Settings.TimeProvider, LoadSizesAsync, cancellationToken);

        private async Task<IReadOnlyList<CatalogEntry>> LoadSizesAsync(CancellationToken cancellationToken)
        {
            var sizes = await Paginator.ToListAsync(StreamAsync<DoSizeList, DoSize>("sizes", s => s.Slug, cancellationToken), cancellationToken).ConfigureAwait(false);
            return sizes.Where(s => s.Available)
                .Select(s => new CatalogEntry(s.Slug, string.Format(CultureInfo.InvariantCulture, "{0} vCPU, {1:0.##} GB", s.Vcpus, s.Memory / 1024.0)))
                .ToArray();
        }

        public Task<IReadOnlyList<CatalogEntry>> ListImagesAsync(CancellationToken cancellationToken = default)
        {
            // -Image takes spuff's portable names; DigitalOcean's distribution slugs are accepted as custom ids too.
            IReadOnlyList<CatalogEntry> images = new[]
            {
                new CatalogEntry("ubuntu-24.04", "Ubuntu 24.04 LTS (ubuntu-24-04-x64)"),
                new CatalogEntry("ubuntu-22.04", "Ubuntu 22.04 LTS (ubuntu-22-04-x64)"),
                new CatalogEntry("debian-12", "Debian 12 (debian-12-x64)"),
            };
            return Task.FromResult(images);
        }

        public void Dispose() => _http.Dispose();

        internal static object ImageFor(ImageSpec image)
        {
            switch (image.Kind)
            {
                case ImageKind.Ubuntu:
                    return "ubuntu-" + image.Value.Replace('.', '-') + "-x64";
                case ImageKind.Debian:
                    return "debian-" + image.Value + "-x64";
                case ImageKind.Snapshot:
                    return DigitalOceanValidation.SnapshotId(image.Value, "Image");
                default:
                    // Custom: an image id is an integer on the wire, anything else a slug.
                    return DigitalOceanValidation.CustomImage(image.Value);
            }
        }

        internal static InstanceStatus MapStatus(string status)
        {
            switch (status)
            {
                case "new": return InstanceStatus.FromKind(InstanceStatusKind.New, status);
                case "active": return InstanceStatus.FromKind(InstanceStatusKind.Active, status);
                case "off": return InstanceStatus.FromKind(InstanceStatusKind.Off, status);
                case "archive": return InstanceStatus.FromKind(InstanceStatusKind.Archive, status);
                default: return InstanceStatus.Unknown(status);
            }
        }

        internal ProviderInstance ToInstance(DoDroplet droplet)
        {
            var publicV4 = droplet.Networks?.V4.FirstOrDefault(n => n.Type == "public")?.IpAddress;
            var address = IPAddress.TryParse(publicV4 ?? string.Empty, out var parsed) ? parsed : null;
            return new ProviderInstance(droplet.Id.ToString(CultureInfo.InvariantCulture), MapStatus(droplet.Status), address, droplet.CreatedAt)
            {
                Name = droplet.Name,
                Provider = Name,
                Region = droplet.Region?.Slug,
                Size = droplet.SizeSlug,
                Image = droplet.Image?.Slug ?? droplet.Image?.Name ?? droplet.Image?.Id.ToString(CultureInfo.InvariantCulture),
                Labels = DigitalOceanTags.Decode(droplet.Tags),
            };
        }

        private Snapshot ToSnapshot(DoSnapshot snapshot) => new Snapshot(snapshot.Id, snapshot.Name)
        {
            Provider = Name,
            CreatedAt = snapshot.CreatedAt,
            SizeGb = snapshot.SizeGigabytes,
            SourceInstanceId = snapshot.ResourceId,
            Regions = snapshot.Regions ?? new List<string>(),
            Labels = DigitalOceanTags.Decode(snapshot.Tags),
        };

        private Snapshot ToSnapshot(DoImage image)
        {
            var labels = DigitalOceanTags.Decode(image.Tags);
            return new Snapshot(image.Id.ToString(CultureInfo.InvariantCulture), image.Name ?? string.Empty)
            {
                Provider = Name,
                CreatedAt = image.CreatedAt,
                SizeGb = image.SizeGigabytes,
                SourceInstanceId = labels.TryGetValue("spuff-source", out var source) ? source : null,
                Regions = image.Regions ?? new List<string>(),
                Labels = labels,
            };
        }

        private async IAsyncEnumerable<ProviderInstance> ListDropletsAsync(string tag, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var droplet in StreamAsync<DoDropletList, DoDroplet>("droplets?tag_name=" + Uri.EscapeDataString(tag), d => Format(d.Id), cancellationToken).ConfigureAwait(false))
            {
                yield return ToInstance(droplet);
            }
        }

        internal IAsyncEnumerable<DoSnapshot> ListDropletSnapshotsAsync(CancellationToken cancellationToken) =>
            StreamAsync<DoSnapshotList, DoSnapshot>("snapshots?resource_type=droplet", s => s.Id, cancellationToken);

        /// <summary>
        /// A page-numbered DigitalOcean listing through the shared paginator: pages are asked for by number (never by
        /// following next links), checked against <c>meta.total</c> and <c>links.pages.last</c>, and read concurrently.
        /// </summary>
        private IAsyncEnumerable<TItem> StreamAsync<TPage, TItem>(string query, Func<TItem, string> idOf, CancellationToken cancellationToken)
            where TPage : IDoPage<TItem>
        {
            var separator = query.IndexOf('?') < 0 ? "?" : "&";
            var listing = new NumberedListing<TItem>(
                "DigitalOcean GET /v2/" + query.Split('?')[0],
                PageSize,
                async (number, ct) =>
                {
                    var page = await _http.GetAsync<TPage>($"{query}{separator}page={Format(number)}&per_page={PageSize}", ct).ConfigureAwait(false);
                    var links = page.Links?.Pages;
                    long? next = links?.Next == null ? null : PageNumberOf(links.Next) ?? number + 1;
                    return new NumberedPage<TItem>(page.Items, page.Meta?.Total, PageNumberOf(links?.Last), null, next);
                },
                idOf)
            {
                Log = _options.Log,
                Provider = Name,
            };
            return Paginator.StreamAsync(listing, new PagingOptions { MaxInFlight = ListConcurrency, Budget = _http.RateLimits }, cancellationToken);
        }

        // The page= parameter of a links.pages URL; null when there is none or it is not a positive number.
        private static long? PageNumberOf(string? link)
        {
            var query = link == null ? -1 : link.IndexOf('?');
            if (query < 0)
            {
                return null;
            }

            foreach (var part in link!.Substring(query + 1).Split('&'))
            {
                if (part.StartsWith("page=", StringComparison.Ordinal) &&
                    long.TryParse(part.Substring(5), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0)
                {
                    return number;
                }
            }

            return null;
        }

        private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

        private async Task<ProviderInstance?> FindByRequestMarkAsync(string mark, CancellationToken cancellationToken)
        {
            await foreach (var instance in ListDropletsAsync(RequestTagKey + ":" + mark, cancellationToken).ConfigureAwait(false))
            {
                return instance;
            }

            return null;
        }

        // The Spuff droplet with exactly this name, if any (droplets of the same name that Spuff did not make do not count).
        private async Task<ProviderInstance?> FindManagedByNameAsync(string name, CancellationToken cancellationToken)
        {
            var droplets = Paginator.StreamAsync(
                (cursor, ct) => _http.GetAsync<DoDropletList>(cursor ?? $"droplets?name={Uri.EscapeDataString(name)}&per_page={PageSize}", ct),
                page => page.Droplets.Select(ToInstance),
                page => page.Links?.Pages?.Next,
                cancellationToken);
            await foreach (var droplet in droplets.ConfigureAwait(false))
            {
                if (droplet.Name == name && ManagedResources.IsManaged(droplet.Labels))
                {
                    return droplet;
                }
            }

            return null;
        }

        private async Task<List<object>> ResolveSshKeysAsync(List<string> requested, CancellationToken cancellationToken)
        {
            if (requested.Count == 0)
            {
                // Without a key DigitalOcean e-mails a root password; every key of the account is the useful default.
                return (await ListSshKeysAsync(cancellationToken).ConfigureAwait(false)).Select(k => (object)k.Id).ToList();
            }

            var keys = new List<object>();
            List<DoSshKey>? account = null;
            foreach (var key in requested)
            {
                if (long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                {
                    keys.Add(id);
                }
                else if (key.Contains(":"))
                {
                    keys.Add(key);
                }
                else
                {
                    account ??= await ListSshKeysAsync(cancellationToken).ConfigureAwait(false);
                    var named = account.FirstOrDefault(k => string.Equals(k.Name, key, StringComparison.OrdinalIgnoreCase))
                        ?? throw ProviderException.InvalidConfig("SshKey", $"no SSH key named '{key}' in the DigitalOcean account (known: {string.Join(", ", account.Select(k => k.Name))}).");
                    keys.Add(named.Id);
                }
            }

            return keys;
        }

        // The account's keys, shared for a minute by the calls of this token (SessionCache): the endpoint allows ten
        // requests a minute, and a loop of creates would otherwise read it every time.
        private async Task<List<DoSshKey>> ListSshKeysAsync(CancellationToken cancellationToken)
        {
            try
            {
                var keys = await SessionCache.GetOrLoadAsync<IReadOnlyList<DoSshKey>>(
                    SessionCache.KeyFor(_http.Settings, "account/keys"),
                    SessionCache.SshKeysLifetime,
                    _http.Settings.TimeProvider,
                    async ct => await Paginator.ToListAsync(StreamAsync<DoSshKeyList, DoSshKey>("account/keys", k => Format(k.Id), ct), ct).ConfigureAwait(false),
                    cancellationToken).ConfigureAwait(false);
                return keys.ToList();
            }
            catch (ProviderException ex)
            {
                throw new ProviderException(ex.Kind, "Could not read the account's SSH keys: " + ex.Message, ex)
                {
                    Provider = Name,
                    StatusCode = ex.StatusCode,
                    ErrorCode = ex.ErrorCode,
                    RequestId = ex.RequestId,
                    ProviderRetryAfter = ex.ProviderRetryAfter,
                    Field = ex.Field,
                };
            }
        }

        private async Task<DoAction> GetActionAsync(long id, CancellationToken cancellationToken)
        {
            var response = await _http.GetAsync<DoActionResponse>("actions/" + id.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
            return response.Action ?? throw ProviderException.Api(200, $"DigitalOcean returned no action for action {id}.");
        }

        private static WaitDecision JudgeAction(DoAction action)
        {
            switch (action.Status)
            {
                case "completed":
                    return WaitDecision.Done(action.Status);
                case "errored":
                    return WaitDecision.Fail(new ProviderException(
                        ProviderErrorKind.Api,
                        $"DigitalOcean action {action.Id} ({action.Type}) on {action.ResourceType} {action.ResourceId} errored.")
                    {
                        Provider = "digitalocean",
                        ErrorCode = "errored",
                        ResourceType = "action",
                        ResourceId = action.Id.ToString(CultureInfo.InvariantCulture),
                    });
                default:
                    return WaitDecision.Continue(action.Status);
            }
        }

        internal Task TagImageAsync(string tag, string imageId, CancellationToken cancellationToken) =>
            _marks.TagAsync(tag, imageId, "image", cancellationToken);

        public TimeSpan Pace(TimeSpan pause) => _http.RateLimits.Pace(pause, _http.Settings.TimeProvider.GetUtcNow());

    }
}
