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

        private static readonly Regex NamePattern = new Regex(@"^[a-zA-Z0-9]?[a-z0-9A-Z.\-]*[a-z0-9A-Z]\z", RegexOptions.CultureInvariant);

        public static long DropletId(string id, string field = "Id") => PositiveInteger(id, field, "droplet id");

        public static long SnapshotId(string id, string field = "Id") => PositiveInteger(id, field, "snapshot id");

        public static void Name(string name)
        {
            if (string.IsNullOrEmpty(name) || name.Length > 255 || !NamePattern.IsMatch(name))
            {
                throw ProviderException.InvalidConfig("Name", $"'{name}' is not a valid droplet name: use 1-255 letters, digits, '.' and '-', ending with a letter or digit (DigitalOcean's pattern).");
            }
        }

        public static void UserData(string? userData)
        {
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
