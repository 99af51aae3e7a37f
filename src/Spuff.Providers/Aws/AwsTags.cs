using System;
using System.Collections.Generic;
using System.Linq;
using Amazon.EC2.Model;

namespace Spuff.Providers.Aws
{
    /// <summary>How spuff's labels live on EC2: as real key/value tags, plus a few tags spuff keeps for itself.</summary>
    internal static class AwsTags
    {
        public const string ManagedByKey = "managed-by";
        public const string ManagedByValue = "spuff";
        public const string NameKey = "Name";

        /// <summary>The ClientToken a spuff create used, so a retried create finds its instance (see AwsIdempotency).</summary>
        public const string ClientTokenKey = "spuff-client-token";

        /// <summary>On a snapshot's AMI and EBS snapshots: the instance it was taken from.</summary>
        public const string SourceInstanceKey = "spuff-source-instance";

        /// <summary>On a snapshot's EBS snapshots: the AMI they belong to.</summary>
        public const string ImageKey = "spuff-image";

        public const string ManagedFilter = "tag:" + ManagedByKey;

        private static readonly char[] Wildcards = { '*', '?', '\\' };

        /// <summary>
        /// The DescribeInstances/DescribeImages filters for a listing: <c>tag:managed-by=spuff</c> plus one <c>tag:KEY</c>
        /// filter per label of <paramref name="filter"/> (EC2 ANDs filters). An empty value becomes a <c>tag-key</c>
        /// filter, and a value with EC2's wildcard characters (<c>* ? \</c>) is left to the local check, so the server
        /// never matches more loosely than the caller meant by accident of syntax.
        /// </summary>
        public static List<Filter> ListFilters(Core.ListFilter? filter)
        {
            var filters = new List<Filter> { new Filter(ManagedFilter, new List<string> { ManagedByValue }) };
            foreach (var pair in filter?.Labels ?? new Dictionary<string, string>())
            {
                var value = pair.Value ?? string.Empty;
                if (string.IsNullOrEmpty(pair.Key) || pair.Key == ManagedByKey || value.IndexOfAny(Wildcards) >= 0)
                {
                    continue;
                }

                filters.Add(value.Length == 0
                    ? new Filter("tag-key", new List<string> { pair.Key })
                    : new Filter("tag:" + pair.Key, new List<string> { value }));
            }

            return filters;
        }

        /// <summary>Keys the AWS provider writes itself: a label may not set them. Spuff's portable labels
        /// (spuff-expires, spuff-user, set by the cmdlets) are ordinary labels here, as on every other provider.</summary>
        public static bool IsReserved(string key) =>
            key == NameKey || key == ManagedByKey || IsBookkeeping(key);

        public static List<Tag> Build(string name, IDictionary<string, string>? labels, params KeyValuePair<string, string>[] extra)
        {
            var tags = new List<Tag>
            {
                new Tag(ManagedByKey, ManagedByValue),
                new Tag(NameKey, name),
            };
            if (labels != null)
            {
                tags.AddRange(labels.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new Tag(p.Key, p.Value ?? string.Empty)));
            }

            tags.AddRange(extra.Select(p => new Tag(p.Key, p.Value)));
            return tags;
        }

        /// <summary>The user-visible labels: every tag but Name and spuff's own bookkeeping (managed-by stays).</summary>
        public static IReadOnlyDictionary<string, string> ToLabels(IEnumerable<Tag>? tags)
        {
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var tag in tags ?? Enumerable.Empty<Tag>())
            {
                if (tag.Key != null && tag.Key != NameKey && !IsBookkeeping(tag.Key))
                {
                    labels[tag.Key] = tag.Value ?? string.Empty;
                }
            }

            return labels;
        }

        private static bool IsBookkeeping(string key) => key == ClientTokenKey || key == SourceInstanceKey || key == ImageKey;

        public static string? Find(IEnumerable<Tag>? tags, string key) =>
            tags?.FirstOrDefault(t => t.Key == key)?.Value;
    }
}
