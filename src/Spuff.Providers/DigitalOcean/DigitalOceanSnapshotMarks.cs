using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Spuff.Core;
using Spuff.Providers.Http;

namespace Spuff.Providers.DigitalOcean
{
    /// <summary>
    /// Keeps a droplet snapshot Spuff asked for recognisable whatever fails after the request. A DigitalOcean snapshot
    /// exists (and is billed) only once its action completes, and only then can it be tagged managed-by:spuff; a Ctrl+C,
    /// a failed action poll or lookup, or a failed tag call in between would leave it untagged: invisible to
    /// Get-SpuffSnapshot and refused by Remove-SpuffSnapshot. So before the request the droplet is marked with
    /// <c>spuff-snapshot-pending</c> and <c>spuff-snapshot:&lt;hash of the exact name&gt;</c>; afterwards the marks are
    /// removed. <see cref="ReconcileAsync"/> (run by snapshot listing, snapshot delete and droplet destroy) tags every
    /// untagged snapshot of a marked droplet whose name has a marked hash, and clears the marks it settled.
    /// </summary>
    internal sealed class DigitalOceanSnapshotMarks
    {
        public const string PendingTag = "spuff-snapshot-pending";
        public const string NameKey = "spuff-snapshot";

        private readonly ProviderHttpClient _http;
        private readonly IProviderLog? _log;
        private readonly Func<string, CancellationToken, IAsyncEnumerable<DoDroplet>> _dropletsByTag;
        private readonly Func<CancellationToken, IAsyncEnumerable<DoSnapshot>> _dropletSnapshots;

        public DigitalOceanSnapshotMarks(
            ProviderHttpClient http,
            IProviderLog? log,
            Func<string, CancellationToken, IAsyncEnumerable<DoDroplet>> dropletsByTag,
            Func<CancellationToken, IAsyncEnumerable<DoSnapshot>> dropletSnapshots)
        {
            _http = http;
            _log = log;
            _dropletsByTag = dropletsByTag;
            _dropletSnapshots = dropletSnapshots;
        }

        /// <summary>The droplet tag that records a snapshot name: <c>spuff-snapshot:</c> and 16 hex digits of its SHA-256.</summary>
        public static string NameTag(string name)
        {
            using (var sha = SHA256.Create())
            {
                var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(name));
                return NameKey + ":" + string.Concat(hash.Take(8).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
            }
        }

        /// <summary>The tags Spuff puts on a snapshot it made of <paramref name="dropletId"/>.</summary>
        public static List<string> SnapshotTags(string dropletId) =>
            DigitalOceanTags.Encode(new Dictionary<string, string> { ["spuff-source"] = dropletId });

        /// <summary>Marks the droplet before the snapshot request (two tags; four requests).</summary>
        public async Task MarkAsync(string dropletId, string name, CancellationToken cancellationToken)
        {
            await TagAsync(PendingTag, dropletId, "droplet", cancellationToken).ConfigureAwait(false);
            await TagAsync(NameTag(name), dropletId, "droplet", cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Clears the name mark after the snapshot was tagged, and the pending mark when no other name is
        /// marked. Best effort: a mark left behind is cleared by the next reconciliation.</summary>
        public async Task SettleAsync(DoDroplet droplet, IEnumerable<string> nameTags, CancellationToken cancellationToken)
        {
            var settled = new HashSet<string>(nameTags, StringComparer.Ordinal);
            var id = droplet.Id.ToString(CultureInfo.InvariantCulture);
            try
            {
                foreach (var tag in settled)
                {
                    await UntagAsync(tag, id, "droplet", cancellationToken).ConfigureAwait(false);
                }

                if (!(droplet.Tags ?? new List<string>()).Any(t => t.StartsWith(NameKey + ":", StringComparison.Ordinal) && !settled.Contains(t)))
                {
                    await UntagAsync(PendingTag, id, "droplet", cancellationToken).ConfigureAwait(false);
                }
            }
            catch (ProviderException error)
            {
                _log?.Write(ProviderLogLevel.Debug, $"Could not clear the snapshot marks of droplet {id} ({error.Message}); the next snapshot listing clears them.");
            }
        }

        /// <summary>
        /// Tags the untagged snapshots Spuff asked for of every marked droplet (or of <paramref name="onlyDroplet"/>),
        /// found by the droplet and the hash of the exact name, and clears the marks it settled. Costs one request
        /// when no droplet is marked. Returns how many snapshots it tagged.
        /// </summary>
        public async Task<int> ReconcileAsync(string? onlyDroplet, CancellationToken cancellationToken)
        {
            var marked = new Dictionary<string, DoDroplet>(StringComparer.Ordinal);
            await foreach (var droplet in _dropletsByTag(PendingTag, cancellationToken).ConfigureAwait(false))
            {
                var id = droplet.Id.ToString(CultureInfo.InvariantCulture);
                if ((onlyDroplet == null || onlyDroplet == id) && DigitalOceanTags.IsManaged(DigitalOceanTags.Decode(droplet.Tags)))
                {
                    marked[id] = droplet;
                }
            }

            if (marked.Count == 0)
            {
                return 0;
            }

            var settled = marked.Keys.ToDictionary(k => k, _ => new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
            var tagged = 0;
            await foreach (var snapshot in _dropletSnapshots(cancellationToken).ConfigureAwait(false))
            {
                if (snapshot.ResourceId == null || !marked.TryGetValue(snapshot.ResourceId, out var droplet))
                {
                    continue;
                }

                var nameTag = NameTag(snapshot.Name);
                if (!(droplet.Tags ?? new List<string>()).Contains(nameTag))
                {
                    continue;
                }

                var tags = snapshot.Tags ?? new List<string>();
                foreach (var tag in SnapshotTags(snapshot.ResourceId).Where(t => !tags.Contains(t)))
                {
                    await TagAsync(tag, snapshot.Id, "image", cancellationToken).ConfigureAwait(false);
                }

                if (!tags.Contains(DigitalOceanTags.ManagedTag))
                {
                    tagged++;
                    _log?.Write(ProviderLogLevel.Warning, $"Snapshot {snapshot.Id} '{snapshot.Name}' of droplet {snapshot.ResourceId} was made by an earlier New-SpuffSnapshot that did not finish; it is tagged {DigitalOceanTags.ManagedTag} now.");
                }

                settled[snapshot.ResourceId].Add(nameTag);
            }

            foreach (var pair in marked)
            {
                var names = (pair.Value.Tags ?? new List<string>()).Where(t => t.StartsWith(NameKey + ":", StringComparison.Ordinal)).ToList();
                if (settled[pair.Key].Count > 0 || names.Count == 0)
                {
                    await SettleAsync(pair.Value, settled[pair.Key], cancellationToken).ConfigureAwait(false);
                }
            }

            return tagged;
        }

        public async Task TagAsync(string tag, string resourceId, string resourceType, CancellationToken cancellationToken)
        {
            // Tags must exist before resources can carry them; creating an existing tag is harmless.
            using (await _http.SendRawAsync(HttpMethod.Post, "tags", new DoTagCreate { Name = tag }, idempotent: true, cancellationToken).ConfigureAwait(false))
            {
            }

            var body = new DoTagResources { Resources = { new DoTagResource { ResourceId = resourceId, ResourceType = resourceType } } };
            using (await _http.SendRawAsync(HttpMethod.Post, $"tags/{Uri.EscapeDataString(tag)}/resources", body, idempotent: true, cancellationToken).ConfigureAwait(false))
            {
            }
        }

        private async Task UntagAsync(string tag, string resourceId, string resourceType, CancellationToken cancellationToken)
        {
            var body = new DoTagResources { Resources = { new DoTagResource { ResourceId = resourceId, ResourceType = resourceType } } };
            using (await _http.SendRawAsync(HttpMethod.Delete, $"tags/{Uri.EscapeDataString(tag)}/resources", body, idempotent: true, cancellationToken).ConfigureAwait(false))
            {
            }
        }
    }
}
