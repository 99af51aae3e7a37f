using System;
using System.Collections.Generic;
using System.Linq;

namespace Spuff.Core
{
    /// <summary>
    /// Narrows a listing of instances or snapshots. Every label in <see cref="Labels"/> must be present with exactly
    /// that value (ordinal comparison). Providers filter on the server where the API can (Hetzner
    /// <c>label_selector</c>, DigitalOcean <c>tag_name</c>, EC2 <c>tag:</c> filters, Docker <c>label=</c> filters) and
    /// check again locally, so a result never depends on how lax the server is.
    /// </summary>
    public sealed class ListFilter
    {
        /// <summary>Labels that every listed item must carry, key → value.</summary>
        public IDictionary<string, string> Labels { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>True when nothing narrows the listing.</summary>
        public bool IsEmpty => Labels.Count == 0;

        /// <summary>A filter for these labels, or null when there are none.</summary>
        public static ListFilter? ForLabels(IEnumerable<KeyValuePair<string, string>>? labels)
        {
            if (labels == null)
            {
                return null;
            }

            var filter = new ListFilter();
            foreach (var pair in labels)
            {
                filter.Labels[pair.Key] = pair.Value;
            }

            return filter.IsEmpty ? null : filter;
        }

        /// <summary>True when <paramref name="labels"/> carries every label of this filter with the same value.</summary>
        public bool Matches(IReadOnlyDictionary<string, string>? labels) =>
            Labels.All(wanted => labels != null && labels.TryGetValue(wanted.Key, out var value) && string.Equals(value, wanted.Value, StringComparison.Ordinal));

        /// <summary>True when <paramref name="filter"/> is null or empty, or matches <paramref name="labels"/>.</summary>
        public static bool Admits(ListFilter? filter, IReadOnlyDictionary<string, string>? labels) =>
            filter == null || filter.Matches(labels);
    }
}
