using System;
using System.Collections.Generic;
using System.Linq;

namespace Spuff.Core
{
    /// <summary>Names, aliases and credential variables of each <see cref="ProviderType"/>.</summary>
    public static class ProviderTypeInfo
    {
        private static readonly ProviderType[] AllTypes =
            { ProviderType.DigitalOcean, ProviderType.Hetzner, ProviderType.Aws, ProviderType.Docker };

        /// <summary>Every provider type, in display order.</summary>
        public static IReadOnlyList<ProviderType> All => AllTypes;

        /// <summary>The canonical lower-case name: digitalocean, hetzner, aws, docker.</summary>
        public static string GetName(this ProviderType type)
        {
            switch (type)
            {
                case ProviderType.DigitalOcean: return "digitalocean";
                case ProviderType.Hetzner: return "hetzner";
                case ProviderType.Aws: return "aws";
                case ProviderType.Docker: return "docker";
                default: throw new ArgumentOutOfRangeException(nameof(type), type, null);
            }
        }

        /// <summary>Short names accepted wherever a provider name is.</summary>
        public static IReadOnlyList<string> GetAliases(this ProviderType type)
        {
            switch (type)
            {
                case ProviderType.DigitalOcean: return new[] { "do" };
                case ProviderType.Hetzner: return new[] { "hcloud" };
                case ProviderType.Aws: return new[] { "ec2" };
                case ProviderType.Docker: return new[] { "local" };
                default: throw new ArgumentOutOfRangeException(nameof(type), type, null);
            }
        }

        /// <summary>
        /// Environment variables that hold the provider's credential, first match wins (DIGITALOCEAN_ACCESS_TOKEN and
        /// HCLOUD_TOKEN are the official CLIs' own). Empty for Docker
        /// (no token). For AWS the SDK's own credential chain is used; the variable listed is what it reads first.
        /// </summary>
        public static IReadOnlyList<string> GetTokenEnvironmentVariables(this ProviderType type)
        {
            switch (type)
            {
                case ProviderType.DigitalOcean: return new[] { "DIGITALOCEAN_TOKEN", "DIGITALOCEAN_ACCESS_TOKEN" };
                case ProviderType.Hetzner: return new[] { "HETZNER_TOKEN", "HCLOUD_TOKEN" };
                case ProviderType.Aws: return new[] { "AWS_ACCESS_KEY_ID" };
                case ProviderType.Docker: return Array.Empty<string>();
                default: throw new ArgumentOutOfRangeException(nameof(type), type, null);
            }
        }

        /// <summary>The first token variable, or an empty string when the provider takes no token.</summary>
        public static string GetTokenEnvironmentVariable(this ProviderType type) =>
            type.GetTokenEnvironmentVariables().FirstOrDefault() ?? string.Empty;

        /// <summary>Whether the provider authenticates with a bearer token (-Token / environment variable).</summary>
        public static bool UsesToken(this ProviderType type) =>
            type == ProviderType.DigitalOcean || type == ProviderType.Hetzner;

        /// <summary>
        /// The most user data (bytes of UTF-8) the provider takes: DigitalOcean 64 KiB, Hetzner 32 KiB, AWS 16 KiB
        /// (before base64), Docker 1 MiB (Spuff's own limit for a local script). Lets -UserDataPath stop reading a
        /// file at the limit instead of reading it whole.
        /// </summary>
        public static int GetMaxUserDataBytes(this ProviderType type)
        {
            switch (type)
            {
                case ProviderType.DigitalOcean: return 64 * 1024;
                case ProviderType.Hetzner: return 32 * 1024;
                case ProviderType.Aws: return 16 * 1024;
                case ProviderType.Docker: return 1024 * 1024;
                default: throw new ArgumentOutOfRangeException(nameof(type), type, null);
            }
        }

        /// <summary>Canonical names of every provider, for error messages and completion.</summary>
        public static IReadOnlyList<string> SupportedNames => AllTypes.Select(t => t.GetName()).ToArray();

        /// <summary>Canonical names and aliases.</summary>
        public static IReadOnlyList<string> NamesAndAliases =>
            AllTypes.SelectMany(t => new[] { t.GetName() }.Concat(t.GetAliases())).ToArray();

        /// <summary>Parses a name or alias, case-insensitively.</summary>
        public static bool TryParse(string? name, out ProviderType type)
        {
            var trimmed = (name ?? string.Empty).Trim();
            foreach (var candidate in AllTypes)
            {
                if (string.Equals(candidate.GetName(), trimmed, StringComparison.OrdinalIgnoreCase) ||
                    candidate.GetAliases().Any(a => string.Equals(a, trimmed, StringComparison.OrdinalIgnoreCase)))
                {
                    type = candidate;
                    return true;
                }
            }

            type = default;
            return false;
        }

        /// <summary>Parses a name or alias, or throws <see cref="ProviderErrorKind.UnknownProvider"/>.</summary>
        public static ProviderType Parse(string? name) =>
            TryParse(name, out var type) ? type : throw ProviderException.UnknownProvider(name ?? string.Empty, SupportedNames);
    }
}
