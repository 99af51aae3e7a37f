using System;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Spuff.Providers.Http
{
    /// <summary>
    /// Keeps, for a short time, answers that do not change from one call to the next (an account's SSH keys, the
    /// region and size catalog), so that a loop of creates does not read them every time: DigitalOcean allows
    /// <c>GET /v2/account/keys</c> ten times a minute. Entries are keyed by provider, endpoint, what was read and a
    /// SHA-256 fingerprint of the token — never the token itself — so runspaces and <c>ForEach-Object -Parallel</c>
    /// with different tokens never see each other's answers, although the cache is shared by the process. Only
    /// successful answers are kept; values must be immutable.
    /// </summary>
    public static class SessionCache
    {
        /// <summary>How long SSH keys are reused: a minute, so a key added in the web console is used soon.</summary>
        public static readonly TimeSpan SshKeysLifetime = TimeSpan.FromSeconds(60);

        /// <summary>How long regions, sizes and images are reused (they change a few times a year).</summary>
        public static readonly TimeSpan CatalogLifetime = TimeSpan.FromMinutes(10);

        private static readonly ConcurrentDictionary<string, Entry> Entries = new ConcurrentDictionary<string, Entry>(StringComparer.Ordinal);

        /// <summary>The cache key of <paramref name="what"/> for this provider, endpoint and token.</summary>
        public static string KeyFor(HttpPipelineSettings settings, string what) =>
            settings.ProviderName + "\n" + settings.BaseAddress.AbsoluteUri + "\n" + what + "\n" + Fingerprint(settings.Token);

        /// <summary>
        /// The cached value of <paramref name="key"/> while it is younger than <paramref name="lifetime"/>, else the
        /// result of <paramref name="load"/> (which is then kept). A failed load is not kept.
        /// </summary>
        public static async Task<T> GetOrLoadAsync<T>(string key, TimeSpan lifetime, TimeProvider time, Func<CancellationToken, Task<T>> load, CancellationToken cancellationToken)
            where T : class
        {
            var now = time.GetUtcNow();
            if (Entries.TryGetValue(key, out var entry) && entry.Expires > now && entry.Value is T cached)
            {
                return cached;
            }

            var value = await load(cancellationToken).ConfigureAwait(false);
            Entries[key] = new Entry(value, time.GetUtcNow() + lifetime);
            Purge(now);
            return value;
        }

        /// <summary>Forgets every entry (tests).</summary>
        public static void Clear() => Entries.Clear();

        internal static string Fingerprint(string? token)
        {
            if (string.IsNullOrEmpty(token))
            {
                return "-";
            }

            using (var sha = SHA256.Create())
            {
                var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(token));
                return Convert.ToBase64String(hash);
            }
        }

        private static void Purge(DateTimeOffset now)
        {
            foreach (var pair in Entries)
            {
                if (pair.Value.Expires <= now)
                {
                    Entries.TryRemove(pair.Key, out _);
                }
            }
        }

        private sealed class Entry
        {
            public Entry(object value, DateTimeOffset expires)
            {
                Value = value;
                Expires = expires;
            }

            public object Value { get; }

            public DateTimeOffset Expires { get; }
        }
    }
}
