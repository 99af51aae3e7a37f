using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using Spuff.Core;

namespace Spuff.Providers.Hetzner
{
    /// <summary>
    /// Hetzner labels are real key/value pairs, so Spuff's labels go over unchanged; this checks them against
    /// Hetzner's syntax before sending (a label the API would reject is an InvalidConfig naming it, never a
    /// silently rewritten label), adds managed-by=spuff, and builds label selectors.
    /// </summary>
    internal static class HetznerLabels
    {
        public const string ManagedByKey = "managed-by";
        public const string ManagedByValue = "spuff";
        public const string SourceInstanceKey = "spuff-source-instance";
        public const string ManagedSelector = ManagedByKey + "=" + ManagedByValue;

        /// <summary>The mark unique to one create (set by CreateInstanceAsync); a batched wait selects its servers
        /// with <c>spuff-request in (a,b,c)</c> instead of listing the whole project.</summary>
        public const string RequestMarkKey = HetznerProvider.RequestLabelKey;

        private const string ReservedPrefix = "hetzner.cloud";
        private static readonly Regex NamePart = new Regex("^[a-zA-Z0-9](?:[-_.a-zA-Z0-9]{0,61}[a-zA-Z0-9])?\\z", RegexOptions.CultureInvariant);
        private static readonly Regex DnsLabel = new Regex("^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?\\z", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        /// <summary>The labels to send: the caller's, validated, plus managed-by=spuff.</summary>
        public static Dictionary<string, string> ForCreate(IDictionary<string, string>? labels, string field = "Label")
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            if (labels != null)
            {
                foreach (var pair in labels)
                {
                    Validate(pair.Key, pair.Value, field);
                    if (pair.Key == ManagedByKey && pair.Value != ManagedByValue)
                    {
                        throw ProviderException.InvalidConfig(field, $"the label '{ManagedByKey}' is reserved: Spuff sets it to '{ManagedByValue}' to find its own resources.");
                    }

                    result[pair.Key] = pair.Value ?? string.Empty;
                }
            }

            result[ManagedByKey] = ManagedByValue;
            return result;
        }

        /// <summary>The create mark of a server's labels, or null when it has none Spuff can select by.</summary>
        public static string? RequestMark(IReadOnlyDictionary<string, string>? labels) =>
            labels != null && labels.TryGetValue(RequestMarkKey, out var mark) && !string.IsNullOrEmpty(mark) && NamePart.IsMatch(mark) ? mark : null;

        /// <summary>Throws InvalidConfig naming the label when Hetzner would reject it.</summary>
        public static void Validate(string key, string? value, string field = "Label")
        {
            if (string.IsNullOrEmpty(key))
            {
                throw ProviderException.InvalidConfig(field, "a label key is empty.");
            }

            var slash = key.LastIndexOf('/');
            var name = slash < 0 ? key : key.Substring(slash + 1);
            if (slash >= 0)
            {
                var prefix = key.Substring(0, slash);
                if (!IsDnsSubdomain(prefix))
                {
                    throw ProviderException.InvalidConfig(field, $"the label key '{key}' has the prefix '{prefix}', which is not a DNS subdomain (dot-separated lowercase labels, at most 253 characters).");
                }

                if (string.Equals(prefix, ReservedPrefix, StringComparison.OrdinalIgnoreCase))
                {
                    throw ProviderException.InvalidConfig(field, $"the label key '{key}' uses the prefix '{ReservedPrefix}/', which Hetzner reserves.");
                }
            }

            if (!NamePart.IsMatch(name))
            {
                throw ProviderException.InvalidConfig(field, $"the label key '{key}' is not valid for Hetzner: the name must be 1-63 characters, begin and end with a letter or digit, with only letters, digits, '-', '_' and '.' between.");
            }

            if (!string.IsNullOrEmpty(value) && !NamePart.IsMatch(value))
            {
                throw ProviderException.InvalidConfig(field, $"the value '{value}' of label '{key}' is not valid for Hetzner: it must be empty or 1-63 characters that begin and end with a letter or digit, with only letters, digits, '-', '_' and '.' between.");
            }
        }

        /// <summary>
        /// The <c>label_selector</c> for a listing: managed-by=spuff ANDed with every label of the filter Hetzner's syntax
        /// can carry (an empty value selects on the key alone). A label Hetzner could not store is left to the local
        /// check, which then admits nothing; the selector never carries characters that would change its meaning.
        /// </summary>
        public static string Selector(ListFilter? filter)
        {
            var parts = new List<string> { ManagedSelector };
            if (filter != null)
            {
                foreach (var pair in filter.Labels)
                {
                    if (pair.Key == ManagedByKey || !IsValid(pair.Key, pair.Value))
                    {
                        continue;
                    }

                    parts.Add(string.IsNullOrEmpty(pair.Value) ? pair.Key : pair.Key + "=" + pair.Value);
                }
            }

            return string.Join(",", parts);
        }

        public static bool IsManaged(IReadOnlyDictionary<string, string>? labels) =>
            labels != null && labels.TryGetValue(ManagedByKey, out var value) && value == ManagedByValue;

        private static bool IsValid(string key, string? value)
        {
            try
            {
                Validate(key, value);
                return true;
            }
            catch (ProviderException)
            {
                return false;
            }
        }

        private static bool IsDnsSubdomain(string prefix)
        {
            if (prefix.Length == 0 || prefix.Length > 253)
            {
                return false;
            }

            foreach (var label in prefix.Split('.'))
            {
                if (!DnsLabel.IsMatch(label))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
