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
    /// Regions, sizes and images read from a provider's API for tab completion: cached per provider, endpoint
    /// and list for ten minutes, fetched with a 2-second limit, and empty (cached for 30 s) on any failure so a
    /// broken network never makes Tab hang or print anything.
    /// </summary>
    internal static class CatalogCache
    {
        private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
        private static readonly TimeSpan FailureLifetime = TimeSpan.FromSeconds(30);
        private static readonly ConcurrentDictionary<string, Entry> Cache = new ConcurrentDictionary<string, Entry>(StringComparer.OrdinalIgnoreCase);

        internal static TimeSpan FetchLimit { get; set; } = TimeSpan.FromSeconds(2);

        public static IReadOnlyList<CatalogEntry> Get(ProviderType type, CatalogKind kind, string? token)
        {
            var endpoint = Environment.GetEnvironmentVariable($"SPUFF_{type.GetName().ToUpperInvariant()}_ENDPOINT") ?? string.Empty;
            var key = $"{type.GetName()}|{kind}|{endpoint}|{TokenFingerprint.Of(token)}";
            if (Cache.TryGetValue(key, out var cached) && cached.Expires > DateTime.UtcNow)
            {
                return cached.Items;
            }

            IReadOnlyList<CatalogEntry> items;
            var lifetime = Lifetime;
            try
            {
                items = Fetch(type, kind, token) ?? Array.Empty<CatalogEntry>();
            }
            catch (Exception)
            {
                // Completion is best effort: any failure (no credentials, no network, a slow API) means no suggestions.
                items = Array.Empty<CatalogEntry>();
                lifetime = FailureLifetime;
            }

            Cache[key] = new Entry(items, DateTime.UtcNow + lifetime);
            return items;
        }

        internal static void Clear() => Cache.Clear();

        private static IReadOnlyList<CatalogEntry>? Fetch(ProviderType type, CatalogKind kind, string? token)
        {
            if (token == null && !Credentials.AreConfigured(type))
            {
                return null;
            }

            if (!ProviderHost.IsImplemented(type))
            {
                return null;
            }

            var options = new ProviderOptions { Token = token ?? Credentials.Choose(type, null, null).Token };
            options.Timeouts = options.Timeouts.WithHttpRequest(FetchLimit);
            var provider = ProviderHost.Registry.Create(type, options);
            using (provider as IDisposable)
            using (var cancellation = new CancellationTokenSource(FetchLimit))
            {
                if (!(provider is IProviderCatalog catalog))
                {
                    return null;
                }

                Task<IReadOnlyList<CatalogEntry>> task;
                switch (kind)
                {
                    case CatalogKind.Region:
                        task = catalog.ListRegionsAsync(cancellation.Token);
                        break;
                    case CatalogKind.Size:
                        task = catalog.ListSizesAsync(cancellation.Token);
                        break;
                    default:
                        task = catalog.ListImagesAsync(cancellation.Token);
                        break;
                }

                // Wait without blocking past the limit even if the provider ignores the token.
                return task.Wait(FetchLimit) ? task.Result : null;
            }
        }

        private sealed class Entry
        {
            public Entry(IReadOnlyList<CatalogEntry> items, DateTime expires)
            {
                Items = items;
                Expires = expires;
            }

            public IReadOnlyList<CatalogEntry> Items { get; }

            public DateTime Expires { get; }
        }
    }
}
