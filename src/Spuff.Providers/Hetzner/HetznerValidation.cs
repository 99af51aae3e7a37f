using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Spuff.Core;

namespace Spuff.Providers.Hetzner
{
    /// <summary>Input checks that run before any request, so a typo never costs an API call or a half-made server.</summary>
    internal static class HetznerValidation
    {
        /// <summary>Hetzner's documented limit for user_data.</summary>
        public const int MaxUserDataBytes = 32 * 1024;

        /// <summary>Hetzner ids are positive integers up to 2^53-1 (they must survive JavaScript clients).</summary>
        public const long MaxId = 9007199254740991;

        private static readonly Regex HostLabel = new Regex("^[a-zA-Z0-9](?:[-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?\\z", RegexOptions.CultureInvariant);
        private static readonly Regex Token = new Regex("^[a-z0-9][-a-z0-9.]*\\z", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        /// <summary>A server name must be a valid hostname (RFC 1123): dot-separated labels of letters, digits and inner hyphens.</summary>
        public static string ServerName(string? name)
        {
            var value = name ?? string.Empty;
            if (value.Length == 0)
            {
                throw ProviderException.InvalidConfig("Name", "the server name is empty.");
            }

            if (value.Length > 253)
            {
                throw ProviderException.InvalidConfig("Name", $"'{value}' is {value.Length} characters; a Hetzner server name is a hostname of at most 253.");
            }

            foreach (var label in value.Split('.'))
            {
                if (!HostLabel.IsMatch(label))
                {
                    throw ProviderException.InvalidConfig("Name", $"'{value}' is not a valid hostname (RFC 1123): use letters, digits and hyphens, at most 63 between dots, not starting or ending with a hyphen.");
                }
            }

            return value;
        }

        /// <summary>A positive integer id; InvalidConfig naming <paramref name="field"/> otherwise.</summary>
        public static long Id(string? id, string field, string what)
        {
            var text = (id ?? string.Empty).Trim();
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1 || value > MaxId)
            {
                throw ProviderException.InvalidConfig(field, $"'{id}' is not a Hetzner {what} id (a positive integer).");
            }

            return value;
        }

        public static bool TryId(string? text, out long value) =>
            long.TryParse((text ?? string.Empty).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 1 && value <= MaxId;

        // Image names: ubuntu-24.04, debian-12, rocky-9, fedora-40.
        private static readonly Regex ImageName = new Regex("^[a-z0-9](?:[-a-z0-9._]{0,62}[a-z0-9])?\\z", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        /// <summary>A custom image: a positive integer id or an image name; anything else is refused before any request.</summary>
        public static object CustomImage(string value)
        {
            if (TryId(value, out var id))
            {
                return id;
            }

            if (!ImageName.IsMatch(value))
            {
                throw ProviderException.InvalidConfig("Image", $"'{(value.Length > 80 ? value.Substring(0, 80) + "…" : value)}' is not a Hetzner image: use ubuntu-24.04, debian-12, an image name or an image id.");
            }

            return value;
        }

        /// <summary>Location and server type names: something Hetzner could know, checked only for shape.</summary>
        public static string Slug(string value, string field)
        {
            var text = value.Trim();
            if (text.Length > 64 || !Token.IsMatch(text))
            {
                throw ProviderException.InvalidConfig(field, $"'{(value.Length > 80 ? value.Substring(0, 80) + "…" : value)}' is not a Hetzner {field.ToLowerInvariant()} name (e.g. {(field == "Region" ? "fsn1, nbg1, hel1, ash, hil, sin" : "cx23, cpx22, cax11")}).");
            }

            return text;
        }

        public static string? UserData(string? userData)
        {
            if (userData == null)
            {
                return null;
            }

            UserDataText.Check(userData);

            var bytes = Encoding.UTF8.GetByteCount(userData);
            if (bytes > MaxUserDataBytes)
            {
                throw ProviderException.InvalidConfig("UserData", $"the user data is {bytes} bytes; Hetzner accepts at most {MaxUserDataBytes} (32 KiB).");
            }

            return userData;
        }
    }
}
