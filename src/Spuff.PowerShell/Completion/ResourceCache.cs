using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Spuff.Core;
using Spuff.PowerShell.Internal;

namespace Spuff.PowerShell.Completion
{
    /// <summary>
    /// A provider's instances or snapshots read for tab completion (ListInstancesAsync / ListSnapshotsAsync):
    /// one fetch per provider, endpoint, list and token fingerprint, limited to <see cref="CatalogCache.FetchLimit"/>,
    /// cached for 15 s because these lists change fast, and empty (also cached) on any failure so Tab never hangs
    /// or prints. At most <see cref="MaxItems"/> entries are kept: completion is for picking, not for inventory.
    /// </summary>
    internal static class ResourceCache
    {
        internal const int MaxItems = 1000;
        private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(15);
        private static readonly ConcurrentDictionary<string, Entry> Cache = new ConcurrentDictionary<string, Entry>(StringComparer.OrdinalIgnoreCase);

        public static IReadOnlyList<ResourceEntry> Get(ProviderType type, ResourceKind kind, string? token)
        {
            var endpoint = Environment.GetEnvironmentVariable($"SPUFF_{type.GetName().ToUpperInvariant()}_ENDPOINT") ?? string.Empty;
            var key = $"{type.GetName()}|{kind}|{endpoint}|{TokenFingerprint.Of(token)}";
            if (Cache.TryGetValue(key, out var cached) && cached.Expires > DateTime.UtcNow)
            {
                return cached.Items;
            }

            IReadOnlyList<ResourceEntry> items;
            try
            {
                items = Fetch(type, kind, token) ?? Array.Empty<ResourceEntry>();
            }
            catch (Exception)
            {
                // Completion is best effort: no credentials, no network or a slow API mean no suggestions.
                items = Array.Empty<ResourceEntry>();
            }

            Cache[key] = new Entry(items, DateTime.UtcNow + Lifetime);
            return items;
        }

        internal static void Clear() => Cache.Clear();

        private static IReadOnlyList<ResourceEntry>? Fetch(ProviderType type, ResourceKind kind, string? token)
        {
            if ((token == null && !Credentials.AreConfigured(type)) || !ProviderHost.IsImplemented(type))
            {
                return null;
            }

            var limit = CatalogCache.FetchLimit;
            var options = new ProviderOptions { Token = token ?? Credentials.Choose(type, null, null).Token };
            options.Timeouts = options.Timeouts.WithHttpRequest(limit);
            var provider = ProviderHost.Registry.Create(type, options);
            using (provider as IDisposable)
            using (var cancellation = new CancellationTokenSource(limit))
            {
                var task = Task.Run(() => CollectAsync(provider, type, kind, cancellation.Token));

                // Wait without blocking past the limit even if the provider ignores the token.
                return task.Wait(limit) ? task.Result : null;
            }
        }

        private static async Task<IReadOnlyList<ResourceEntry>> CollectAsync(IProvider provider, ProviderType type, ResourceKind kind, CancellationToken cancellationToken)
        {
            var items = new List<ResourceEntry>();
            if (kind == ResourceKind.Instance)
            {
                await foreach (var instance in provider.ListInstancesAsync(null, cancellationToken).ConfigureAwait(false))
                {
                    items.Add(new ResourceEntry(instance.Name, instance.Id, Named(instance.Provider, type), instance.Status));
                    if (items.Count >= MaxItems)
                    {
                        break;
                    }
                }
            }
            else
            {
                await foreach (var snapshot in provider.ListSnapshotsAsync(null, cancellationToken).ConfigureAwait(false))
                {
                    items.Add(new ResourceEntry(snapshot.Name, snapshot.Id, Named(snapshot.Provider, type), null));
                    if (items.Count >= MaxItems)
                    {
                        break;
                    }
                }
            }

            return items;
        }

        private static string Named(string provider, ProviderType type) => string.IsNullOrEmpty(provider) ? type.GetName() : provider;

        private sealed class Entry
        {
            public Entry(IReadOnlyList<ResourceEntry> items, DateTime expires)
            {
                Items = items;
                Expires = expires;
            }

            public IReadOnlyList<ResourceEntry> Items { get; }

            public DateTime Expires { get; }
        }
    }
}
