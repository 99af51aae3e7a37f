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
