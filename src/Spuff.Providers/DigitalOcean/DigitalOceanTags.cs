using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using Spuff.Core;

namespace Spuff.Providers.DigitalOcean
{
    /// <summary>
    /// Labels as DigitalOcean tags. Tags are plain strings (<c>^[a-zA-Z0-9_\-:]+$</c>), so a label is the tag
    /// <c>key:value</c>; the first colon splits it back. Keys and values that a tag cannot carry are rejected, not mangled.
    /// </summary>
    internal static class DigitalOceanTags
    {
        public const string ManagedKey = "managed-by";
        public const string ManagedValue = "spuff";
        public const string ManagedTag = ManagedKey + ":" + ManagedValue;

        private static readonly Regex KeyPattern = new Regex(@"^[a-zA-Z0-9_\-]+\z", RegexOptions.CultureInvariant);
        private static readonly Regex ValuePattern = new Regex(@"^[a-zA-Z0-9_\-:]*\z", RegexOptions.CultureInvariant);

        public static List<string> Encode(IDictionary<string, string> labels)
        {
            var tags = new List<string> { ManagedTag };
            foreach (var pair in labels)
            {
                if (string.Equals(pair.Key, ManagedKey, StringComparison.Ordinal))
                {
                    continue;
                }

                if (!KeyPattern.IsMatch(pair.Key ?? string.Empty))
                {
                    throw ProviderException.InvalidConfig("Label", $"label key '{pair.Key}' cannot be a DigitalOcean tag: use letters, digits, '-' and '_' only.");
                }

                var value = pair.Value ?? string.Empty;
                if (!ValuePattern.IsMatch(value))
                {
                    throw ProviderException.InvalidConfig("Label", $"label value '{value}' of '{pair.Key}' cannot be a DigitalOcean tag: use letters, digits, '-', '_' and ':' only.");
                }

                var tag = value.Length == 0 ? pair.Key! : pair.Key + ":" + value;
                if (tag.Length > 255)
                {
                    throw ProviderException.InvalidConfig("Label", $"label '{pair.Key}' is longer than DigitalOcean's 255-character tag limit.");
                }

                tags.Add(tag);
            }

            return tags;
        }

        /// <summary>Keys whose tag names one create, so listing by it is the narrowest a filter can ask for.</summary>
        private static readonly string[] UniqueKeys = { "spuff-request" };

        /// <summary>
        /// The one <c>tag_name</c> a listing asks DigitalOcean for: the filter's most selective label that a tag can
        /// carry (a per-create mark first, then the longest tag, ties in ordinal order), else managed-by:spuff. The
        /// caller checks managed-by and every other label locally.
        /// </summary>
        public static string ListTag(ListFilter? filter)
        {
            string? best = null;
            var bestRank = -1;
            foreach (var pair in filter?.Labels ?? new Dictionary<string, string>())
            {
                var value = pair.Value ?? string.Empty;
                if (pair.Key == ManagedKey || !KeyPattern.IsMatch(pair.Key ?? string.Empty) || !ValuePattern.IsMatch(value))
                {
                    continue;
                }

                var tag = value.Length == 0 ? pair.Key! : pair.Key + ":" + value;
                var rank = Array.IndexOf(UniqueKeys, pair.Key) >= 0 ? 1000 : 0;
                if (tag.Length > 255)
                {
                    continue;
                }

                rank += tag.Length;
                if (rank > bestRank || (rank == bestRank && string.CompareOrdinal(tag, best) < 0))
                {
                    best = tag;
                    bestRank = rank;
                }
            }

            return best ?? ManagedTag;
        }

        /// <summary>True when the labels carry managed-by=spuff.</summary>
        public static bool IsManaged(IReadOnlyDictionary<string, string>? labels) =>
            labels != null && labels.TryGetValue(ManagedKey, out var value) && value == ManagedValue;

        public static IReadOnlyDictionary<string, string> Decode(IEnumerable<string>? tags)
        {
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var tag in tags ?? Array.Empty<string>())
            {
                var colon = tag.IndexOf(':');
                if (colon < 0)
                {
                    labels[tag] = string.Empty;
                }
                else
                {
                    labels[tag.Substring(0, colon)] = tag.Substring(colon + 1);
                }
            }

            return labels;
        }
    }
}
