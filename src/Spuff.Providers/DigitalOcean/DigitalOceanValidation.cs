using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Spuff.Core;

namespace Spuff.Providers.DigitalOcean
{
    /// <summary>Checks input against DigitalOcean's documented limits before any request is sent.</summary>
    internal static class DigitalOceanValidation
    {
        public const int MaxUserDataBytes = 64 * 1024;

        private static readonly Regex TokenPattern = new Regex(@"^[a-zA-Z0-9_\-:]{1,64}\z", RegexOptions.CultureInvariant);

        // DigitalOcean's pattern (^[a-zA-Z0-9]?[a-z0-9A-Z.\-]*[a-z0-9A-Z]$), but starting with a letter or digit: the
        // name becomes the droplet's hostname, which cannot start with '-' or '.'.
        private static readonly Regex NamePattern = new Regex(@"^[a-zA-Z0-9](?:[a-z0-9A-Z.\-]*[a-z0-9A-Z])?\z", RegexOptions.CultureInvariant);

        // Region and size slugs: nyc3, s-1vcpu-1gb, gd-2vcpu-8gb.
        private static readonly Regex SlugPattern = new Regex(@"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?\z", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        // Image slugs: ubuntu-24-04-x64, docker-20-04, debian-12-x64.
        private static readonly Regex ImageSlugPattern = new Regex(@"^[a-z0-9](?:[a-z0-9._-]{0,253}[a-z0-9])?\z", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        /// <summary>A region or size slug (null: the default). Anything else (empty, '../../x', 10,000 characters)
        /// is refused here instead of being sent.</summary>
        public static string? Slug(string? value, string field)
        {
            if (value == null)
            {
                return null;
            }

            var text = value.Trim();
            if (!SlugPattern.IsMatch(text))
            {
                var example = field == "Region" ? "nyc3, ams3, fra1" : "s-1vcpu-1gb, s-2vcpu-4gb";
                throw ProviderException.InvalidConfig(field, $"'{Shorten(value)}' is not a DigitalOcean {field.ToLowerInvariant()} slug (e.g. {example}).");
            }

            return text;
        }

        /// <summary>A custom image: a positive integer id or an image slug.</summary>
        public static object CustomImage(string value)
        {
            if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
            {
                return id;
            }

            if (!ImageSlugPattern.IsMatch(value))
            {
                throw ProviderException.InvalidConfig("Image", $"'{Shorten(value)}' is not a DigitalOcean image: use ubuntu-24.04, debian-12, an image slug (ubuntu-24-04-x64) or an image id.");
            }

            return value;
        }

        private static string Shorten(string text) => text.Length > 80 ? text.Substring(0, 80) + "…" : text;

        public static long DropletId(string id, string field = "Id") => PositiveInteger(id, field, "droplet id");

        public static long SnapshotId(string id, string field = "Id") => PositiveInteger(id, field, "snapshot id");

        public static void Name(string name)
        {
            if (string.IsNullOrEmpty(name) || name.Length > 255 || !NamePattern.IsMatch(name))
            {
                throw ProviderException.InvalidConfig("Name", $"'{name}' is not a valid droplet name: use 1-255 letters, digits, '.' and '-', starting and ending with a letter or digit (it becomes the hostname).");
            }
        }

        public static void UserData(string? userData)
        {
            UserDataText.Check(userData);
            if (userData != null && Encoding.UTF8.GetByteCount(userData) > MaxUserDataBytes)
            {
                throw ProviderException.InvalidConfig("UserData", $"user data is {Encoding.UTF8.GetByteCount(userData)} bytes; DigitalOcean accepts at most {MaxUserDataBytes} bytes (64 KiB).");
            }
        }

        /// <summary>
        /// The caller's idempotency token as the request mark it becomes (lower case), or null when there is none. It
        /// travels as part of a tag, so it takes what a tag value takes.
        /// </summary>
        public static string? IdempotencyToken(string? token)
        {
            if (token == null)
            {
                return null;
            }

            if (!TokenPattern.IsMatch(token))
            {
                throw ProviderException.InvalidConfig("IdempotencyToken", "the idempotency token must be 1 to 64 letters, digits, '-', '_' or ':' (it is kept as a DigitalOcean tag).");
            }

            return token.ToLowerInvariant();
        }

        /// <summary>The SSH keys (ids, fingerprints or names) trimmed; an empty one is InvalidConfig.</summary>
        public static List<string> SshKeys(IList<string>? keys)
        {
            var result = new List<string>();
            foreach (var key in keys ?? Array.Empty<string>())
            {
                var text = (key ?? string.Empty).Trim();
                if (text.Length == 0)
                {
                    throw ProviderException.InvalidConfig("SshKey", "an SSH key id, fingerprint or name is empty.");
                }

                result.Add(text);
            }

            return result;
        }

        private static long PositiveInteger(string id, string field, string what)
        {
            if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
            {
                throw ProviderException.InvalidConfig(field, $"'{id}' is not a DigitalOcean {what}: it must be a positive integer.");
            }

            return value;
        }
    }
}
