using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Spuff.Core;

namespace Spuff.Providers.Aws
{
    /// <summary>Checks every input the way EC2 would, before any call, so a bad value costs no request.</summary>
    internal static class AwsValidation
    {
        /// <summary>EC2 takes at most 16 KB of user data before base64 encoding.</summary>
        public const int MaxUserDataBytes = 16 * 1024;

        /// <summary>EC2 allows 50 tags per resource; spuff uses up to three of them itself.</summary>
        public const int MaxUserLabels = 47;

        private static readonly Regex InstanceIdPattern = new Regex("^i-[0-9a-f]{8,17}\\z", RegexOptions.CultureInvariant);
        private static readonly Regex AmiIdPattern = new Regex("^ami-[0-9a-f]{8,17}\\z", RegexOptions.CultureInvariant);
        private static readonly Regex SizePattern = new Regex(@"^[a-z0-9][a-z0-9-]*\.[a-z0-9-]+\z", RegexOptions.CultureInvariant);
        private static readonly Regex AmiNamePattern = new Regex(@"^[A-Za-z0-9()\[\] ./\-'@_]{3,128}\z", RegexOptions.CultureInvariant);
        private static readonly Regex ZonePattern = new Regex(@"^(?<region>[a-z]{2}(-[a-z]+)+-\d+)[a-z]\z", RegexOptions.CultureInvariant);

        public static string InstanceId(string? id, string field = "Id")
        {
            var value = (id ?? string.Empty).Trim();
            if (!InstanceIdPattern.IsMatch(value))
            {
                throw ProviderException.InvalidConfig(field, $"'{id}' is not an EC2 instance id (i- followed by 8 to 17 hex digits).");
            }

            return value;
        }

        public static string AmiId(string? id, string field = "Id")
        {
            var value = (id ?? string.Empty).Trim();
            if (!AmiIdPattern.IsMatch(value))
            {
                throw ProviderException.InvalidConfig(field, $"'{id}' is not an AMI id (ami- followed by 8 to 17 hex digits).");
            }

            return value;
        }

        public static bool IsAmiId(string value) => AmiIdPattern.IsMatch(value);

        public static string SnapshotName(string? name)
        {
            var value = (name ?? string.Empty).Trim();
            if (!AmiNamePattern.IsMatch(value))
            {
                throw ProviderException.InvalidConfig("Name", $"'{name}' is not a valid AMI name: 3 to 128 letters, digits, spaces and ( ) [ ] . / - ' @ _.");
            }

            return value;
        }

        /// <summary>Validates a create request; returns the availability zone to place it in, if the region names one.</summary>
        public static string? Request(InstanceRequest request, string providerRegion)
        {
            if (request == null)
            {
                throw ProviderException.InvalidConfig("Request", "The request is missing.");
            }

            var name = request.Name?.Trim() ?? string.Empty;
            if (name.Length == 0 || name.Length > 255)
            {
                throw ProviderException.InvalidConfig("Name", "The name must be 1 to 255 characters (it becomes the EC2 Name tag).");
            }

            if (request.Size != null && !SizePattern.IsMatch(request.Size))
            {
                throw ProviderException.InvalidConfig("Size", $"'{request.Size}' is not an EC2 instance type such as t3.micro.");
            }

            Image(request.Image);
            UserDataText.Check(request.UserData);
            if (request.UserData != null && Encoding.UTF8.GetByteCount(request.UserData) > MaxUserDataBytes)
            {
                throw ProviderException.InvalidConfig("UserData", $"The user data is {Encoding.UTF8.GetByteCount(request.UserData)} bytes; EC2 accepts at most {MaxUserDataBytes} bytes before base64 encoding.");
            }

            Labels(request.Labels);
            foreach (var key in request.SshKeys ?? new List<string>())
            {
                if (string.IsNullOrWhiteSpace(key) || key.Length > 255)
                {
                    throw ProviderException.InvalidConfig("SshKeys", "An SSH key name is empty or longer than 255 characters.");
                }
            }

            if (request.IdempotencyToken != null &&
                (request.IdempotencyToken.Length == 0 || request.IdempotencyToken.Length > 64 || request.IdempotencyToken.Any(c => c < 0x21 || c > 0x7e)))
            {
                throw ProviderException.InvalidConfig("IdempotencyToken", "The idempotency token must be 1 to 64 printable ASCII characters (EC2 ClientToken).");
            }

            return Zone(request.Region, providerRegion);
        }

        /// <summary>
        /// A provider works in one region (its client's). The request may repeat that region or name one of its
        /// availability zones; another region is an error, since the instance could not be found again by this provider.
        /// </summary>
        public static string? Zone(string? requested, string providerRegion)
        {
            var value = requested?.Trim();
            if (string.IsNullOrEmpty(value) || string.Equals(value, providerRegion, StringComparison.Ordinal))
            {
                return null;
            }

            var zone = ZonePattern.Match(value);
            if (zone.Success && zone.Groups["region"].Value == providerRegion)
            {
                return value;
            }

            throw ProviderException.InvalidConfig(
                "Region",
                $"'{value}' is not the provider's region {providerRegion} or one of its availability zones; choose the region with -Region on the provider options (ProviderOptions.Region) or AWS_REGION.");
        }

        private static void Image(ImageSpec? image)
        {
            if (image == null)
            {
                throw ProviderException.InvalidConfig("Image", "The image is missing.");
            }

            if ((image.Kind == ImageKind.Custom || image.Kind == ImageKind.Snapshot) && !AmiIdPattern.IsMatch(image.Value))
            {
                throw ProviderException.InvalidConfig("Image", $"'{image.Value}' is not an AMI id (ami- followed by 8 to 17 hex digits); use ubuntu-24.04, debian-12 or an AMI id.");
            }
        }

        private static void Labels(IDictionary<string, string>? labels)
        {
            if (labels == null)
            {
                return;
            }

            if (labels.Count > MaxUserLabels)
            {
                throw ProviderException.InvalidConfig("Label", $"EC2 allows 50 tags per resource; spuff needs 3, so at most {MaxUserLabels} labels fit.");
            }

            foreach (var pair in labels)
            {
                var key = pair.Key ?? string.Empty;
                if (key.Length == 0 || key.Length > 128)
                {
                    throw ProviderException.InvalidConfig("Label", $"The label key '{key}' must be 1 to 128 characters.");
                }

                if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
                {
                    throw ProviderException.InvalidConfig("Label", $"The label key '{key}' uses the prefix aws:, which AWS reserves.");
                }

                if (AwsTags.IsReserved(key))
                {
                    throw ProviderException.InvalidConfig("Label", $"The label key '{key}' is set by spuff itself.");
                }

                if ((pair.Value ?? string.Empty).Length > 256)
                {
                    throw ProviderException.InvalidConfig("Label", $"The value of label '{key}' is longer than 256 characters.");
                }
            }
        }
    }
}
