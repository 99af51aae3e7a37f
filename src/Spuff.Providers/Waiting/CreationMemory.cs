using System;
using System.Collections.Concurrent;

namespace Spuff.Providers.Waiting
{
    /// <summary>
    /// When this provider object created each instance, so a wait right after the create can tell "not visible yet"
    /// from "gone" (see <see cref="ReadinessRules.Grace"/>). Thread-safe; entries older than the grace are dropped.
    /// </summary>
    public sealed class CreationMemory
    {
        private readonly ConcurrentDictionary<string, DateTimeOffset> _created = new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);

        /// <summary>Records that <paramref name="id"/> was created at <paramref name="at"/> (the caller's clock).</summary>
        public void Remember(string id, DateTimeOffset at)
        {
            if (!string.IsNullOrEmpty(id))
            {
                _created[id] = at;
            }
        }

        /// <summary>When this object created <paramref name="id"/>, or null when it did not (or too long ago to matter).</summary>
        public DateTimeOffset? CreatedAt(string id, DateTimeOffset now, TimeSpan keep)
        {
            if (!_created.TryGetValue(id, out var at))
            {
                return null;
            }

            if (now - at <= keep)
            {
                return at;
            }

            _created.TryRemove(id, out _);
            return null;
        }
    }
}
