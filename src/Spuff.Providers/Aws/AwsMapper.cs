using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using Amazon.EC2.Model;
using Spuff.Core;
using Snapshot = Spuff.Core.Snapshot;

namespace Spuff.Providers.Aws
{
    /// <summary>EC2 wire objects (SDK models) to Spuff's instances and snapshots.</summary>
    internal static class AwsMapper
    {
        public static ProviderInstance ToInstance(Instance instance, string clientRegion)
        {
            IPAddress? address = null;
            if (!string.IsNullOrEmpty(instance.PublicIpAddress) && IPAddress.TryParse(instance.PublicIpAddress, out var parsed))
            {
                address = parsed;
            }

            var launched = instance.LaunchTime.HasValue
                ? new DateTimeOffset(DateTime.SpecifyKind(instance.LaunchTime.Value.ToUniversalTime(), DateTimeKind.Utc))
                : DateTimeOffset.UtcNow;
            return new ProviderInstance(instance.InstanceId, AwsStatusMap.FromState(instance.State?.Name?.Value), address, launched)
            {
                Name = AwsTags.Find(instance.Tags, AwsTags.NameKey) ?? string.Empty,
                Provider = AwsErrorDecoder.ProviderName,
                Region = RegionOf(instance.Placement?.AvailabilityZone, clientRegion),
                Size = instance.InstanceType?.Value,
                Image = instance.ImageId,
                Labels = AwsTags.ToLabels(instance.Tags),
            };
        }

        public static Snapshot ToSnapshot(Image image, string clientRegion)
        {
            var snapshot = new Snapshot(image.ImageId, AwsTags.Find(image.Tags, AwsTags.NameKey) ?? image.Name ?? string.Empty)
            {
                Provider = AwsErrorDecoder.ProviderName,
                CreatedAt = ParseDate(image.CreationDate),
                SourceInstanceId = AwsTags.Find(image.Tags, AwsTags.SourceInstanceKey) ?? image.SourceInstanceId,
                Regions = new[] { clientRegion },
                Labels = AwsTags.ToLabels(image.Tags),
            };
            var sizes = EbsSnapshots(image).Select(m => m.Ebs.VolumeSize ?? 0).ToArray();
            if (sizes.Length > 0)
            {
                snapshot.SizeGb = sizes.Sum();
            }

            return snapshot;
        }

        /// <summary>The EBS volumes an AMI is made of; deleting the AMI must delete their snapshots too.</summary>
        public static IEnumerable<BlockDeviceMapping> EbsSnapshots(Image image) =>
            (image.BlockDeviceMappings ?? new List<BlockDeviceMapping>()).Where(m => !string.IsNullOrEmpty(m.Ebs?.SnapshotId));

        public static DateTimeOffset? ParseDate(string? text) =>
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
                ? value
                : (DateTimeOffset?)null;

        /// <summary>us-east-1a → us-east-1; anything unexpected → the client's region.</summary>
        public static string RegionOf(string? zone, string clientRegion)
        {
            if (string.IsNullOrEmpty(zone))
            {
                return clientRegion;
            }

            if (zone!.StartsWith(clientRegion, StringComparison.Ordinal))
            {
                return clientRegion;
            }

            var trimmed = zone.TrimEnd('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z');
            return AwsSettings.IsRegionName(trimmed) ? trimmed : clientRegion;
        }
    }
}
