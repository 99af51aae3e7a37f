using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Spuff.Core;

namespace Spuff.Providers.Docker
{
    /// <summary>Everything about a request that can be checked before the engine is asked anything.</summary>
    internal static class DockerRequestValidator
    {
        public const string LocalRegion = "local";

        /// <summary>Local user data is a file in the container, not a metadata service; 1 MiB is plenty for a script.</summary>
        public const int MaxUserDataBytes = 1024 * 1024;

        // Docker's own container-name rule (daemon/names.RestrictedNamePattern).
        private static readonly Regex NamePattern = new Regex(@"^[a-zA-Z0-9][a-zA-Z0-9_.-]+\z", RegexOptions.CultureInvariant);

        // The first-line markers of cloud-init's other user-data formats.
        private static readonly string[] CloudInitMarkers =
        {
            "#include", "#include-once", "#cloud-boothook", "#part-handler", "#upstart-job", "#cloud-config-archive", "#cloud-config-jsonp",
        };

        public static void ValidateName(string? name)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw Invalid("Name", "The container name is empty.");
            }

            if (!NamePattern.IsMatch(name) || name!.Length > 253)
            {
                throw Invalid("Name", $"'{name}' is not a valid container name: use 2 to 253 letters, digits, '_', '.' or '-', " +
                    "starting with a letter or digit.");
            }
        }

        public static void ValidateRegion(string? region)
        {
            if (region != null && !string.Equals(region.Trim(), LocalRegion, StringComparison.OrdinalIgnoreCase))
            {
                throw Invalid("Region", $"'{region}' means nothing to a local engine: containers run on this machine. " +
                    "Leave -Region out or pass 'local'.");
            }
        }

        /// <summary>User labels: any key except the reserved ones, no '=' (it would break the engine's label filter).</summary>
        public static void ValidateLabels(IDictionary<string, string>? labels)
        {
            if (labels == null)
            {
                return;
            }

            foreach (var pair in labels)
            {
                var key = pair.Key ?? string.Empty;
                if (key.Trim().Length == 0 || key.IndexOf('=') >= 0 || HasControlCharacter(key))
                {
                    throw Invalid("Label", $"'{key}' is not a usable label key: it must be non-empty, without '=' or control characters.");
                }

                if (string.Equals(key, DockerLabels.ManagedBy, StringComparison.Ordinal) ||
                    key.StartsWith(DockerLabels.ReservedPrefix, StringComparison.Ordinal))
                {
                    throw Invalid("Label", $"The label '{key}' is reserved: Spuff sets '{DockerLabels.ManagedBy}' and 'spuff.*' itself.");
                }

                if (pair.Value != null && HasControlCharacter(pair.Value))
                {
                    throw Invalid("Label", $"The value of label '{key}' contains control characters.");
                }
            }
        }

        /// <summary>
        /// Null when there is nothing to run. A shell script (<c>#!</c>) is accepted; cloud-config and every other
        /// cloud-init format is NotSupported, because no cloud-init runs in a container and ignoring it would be a lie.
        /// </summary>
        public static byte[]? ValidateUserData(string? userData)
        {
            if (string.IsNullOrEmpty(userData))
            {
                return null;
            }

            UserDataText.Check(userData);
            var text = userData!.TrimStart('\uFEFF');
            if (!text.StartsWith("#!", StringComparison.Ordinal))
            {
                // Name the format by its marker word only: the rest of the line is user data and may hold a secret.
                var firstLine = text.Split('\n')[0].Trim();
                var marker = firstLine.Split(new[] { ' ', '\t', '\r' }, 2)[0];
                var format = firstLine.StartsWith("#cloud-config", StringComparison.OrdinalIgnoreCase) ? "cloud-config user data"
                    : CloudInitMarkers.Contains(marker, StringComparer.OrdinalIgnoreCase) ? $"'{marker}' user data"
                    : firstLine.StartsWith("#", StringComparison.Ordinal) ? "user data starting with '#' but not '#!'"
                    : "user data that is not a shell script";
                var error = ProviderException.NotSupported(
                    $"{format} on docker: no cloud-init runs in a container. Pass a shell script that starts with '#!' " +
                    "(it runs once, in the background, when the container starts).");
                error.Provider = DockerProvider.ProviderName;
                error.Field = "UserData";
                throw error;
            }

            var bytes = new UTF8Encoding(false).GetBytes(text.Replace("\r\n", "\n"));
            if (bytes.Length > MaxUserDataBytes)
            {
                throw Invalid("UserData", $"The script is {bytes.Length} bytes; the limit is {MaxUserDataBytes} bytes (1 MiB).");
            }

            return bytes;
        }

        public static void ValidateSnapshotName(string? name)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw Invalid("Name", "The snapshot name is empty.");
            }

            if (name!.Length > 200 || HasControlCharacter(name))
            {
                throw Invalid("Name", "The snapshot name must be at most 200 characters, without control characters.");
            }
        }

        public static void ValidateInstanceId(string? id)
        {
            if (string.IsNullOrWhiteSpace(id) || id!.IndexOfAny(new[] { '/', '?', '#', ' ', '\t' }) >= 0 || HasControlCharacter(id))
            {
                throw Invalid("Id", $"'{id}' is not a container id or name.");
            }
        }

        public static void ValidateSnapshotId(string? id)
        {
            if (string.IsNullOrWhiteSpace(id) || id!.IndexOfAny(new[] { '?', '#', ' ', '\t' }) >= 0 || HasControlCharacter(id))
            {
                throw Invalid("Id", $"'{id}' is not an image id or reference.");
            }
        }

        internal static ProviderException Invalid(string field, string message)
        {
            var error = ProviderException.InvalidConfig(field, message);
            error.Provider = DockerProvider.ProviderName;
            return error;
        }

        private static bool HasControlCharacter(string value)
        {
            foreach (var c in value)
            {
                if (char.IsControl(c))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
