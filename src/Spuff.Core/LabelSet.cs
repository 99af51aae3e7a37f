using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace Spuff.Core
{
    /// <summary>
    /// Read-only key/value labels, kept in ordinal key order, whose text is "key=value;key=value", so
    /// <c>Export-Csv</c> writes readable labels instead of a type name. Still a dictionary (JSON writes an
    /// object; <c>$i.Labels.team</c> works). The fixed order makes the JSON, CSV and text of equal labels equal, whatever
    /// order a provider or a deserializer produced them in.
    /// </summary>
    public sealed class LabelSet : ReadOnlyDictionary<string, string>
    {
        public static readonly LabelSet Empty = new LabelSet(new SortedDictionary<string, string>(StringComparer.Ordinal));

        private LabelSet(IDictionary<string, string> labels)
            : base(labels)
        {
        }

        /// <summary>A copy of <paramref name="labels"/> (null: empty); a LabelSet is returned as is.</summary>
        public static LabelSet From(IEnumerable<KeyValuePair<string, string>>? labels)
        {
            if (labels is LabelSet set)
            {
                return set;
            }

            var copy = new SortedDictionary<string, string>(StringComparer.Ordinal);
            if (labels != null)
            {
                foreach (var pair in labels)
                {
                    copy[pair.Key] = pair.Value ?? string.Empty;
                }
            }

            return copy.Count == 0 ? Empty : new LabelSet(copy);
        }

        /// <summary>Parses "key=value;key=value" (the text of <see cref="ToString"/>, e.g. a CSV column back from
        /// <c>Import-Csv</c>); blank parts are skipped; a part without '=' is a key with an empty value.</summary>
        public static LabelSet Parse(string? text)
        {
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var part in (text ?? string.Empty).Split(';'))
            {
                var item = part.Trim();
                if (item.Length == 0)
                {
                    continue;
                }

                var equals = item.IndexOf('=');
                if (equals < 0)
                {
                    labels[item] = string.Empty;
                }
                else
                {
                    labels[item.Substring(0, equals).Trim()] = item.Substring(equals + 1).Trim();
                }
            }

            return From(labels);
        }

        public override string ToString() => string.Join(";", this.Select(p => p.Key + "=" + p.Value));
    }
}
