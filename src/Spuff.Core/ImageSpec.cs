using System;
using System.Text.RegularExpressions;

namespace Spuff.Core
{
    /// <summary>
    /// A provider-neutral image: an Ubuntu or Debian release, a provider-specific image id, or a snapshot id.
    /// Each provider resolves it to its own form (slug, name, AMI, image reference).
    /// </summary>
    public sealed class ImageSpec : IEquatable<ImageSpec>
    {
        private static readonly Regex UbuntuPattern = new Regex(@"^ubuntu[-:_ ]?(?<v>\d{2}\.\d{2})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex DebianPattern = new Regex(@"^debian[-:_ ]?(?<v>\d{1,2})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex NoReleasePattern = new Regex(@"^(?<d>ubuntu|debian)[-:_ ]?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private const string SnapshotPrefix = "snapshot:";
        private const string CustomPrefix = "custom:";

        private ImageSpec(ImageKind kind, string value)
        {
            Kind = kind;
            Value = value;
        }

        public ImageKind Kind { get; }

        /// <summary>The version for Ubuntu/Debian ("24.04", "12"), the id for Custom and Snapshot.</summary>
        public string Value { get; }

        /// <summary>Ubuntu 24.04 LTS, the image used when none is given.</summary>
        public static ImageSpec Default => Ubuntu("24.04");

        public static ImageSpec Ubuntu(string version) => new ImageSpec(ImageKind.Ubuntu, Require(version, nameof(version)));

        public static ImageSpec Debian(string version) => new ImageSpec(ImageKind.Debian, Require(version, nameof(version)));

        public static ImageSpec Custom(string id) => new ImageSpec(ImageKind.Custom, Require(id, nameof(id)));

        public static ImageSpec Snapshot(string id) => new ImageSpec(ImageKind.Snapshot, Require(id, nameof(id)));

        /// <summary>
        /// Parses <c>ubuntu-24.04</c>, <c>debian-12</c>, <c>snapshot:123</c>, <c>custom:my-image</c>; any other
        /// text is taken as a provider-specific image id (Custom).
        /// </summary>
        public static ImageSpec Parse(string text)
        {
            var value = (text ?? string.Empty).Trim();
            if (value.Length == 0)
            {
                throw ProviderException.InvalidConfig("Image", "The image is empty. Use e.g. 'ubuntu-24.04', 'debian-12', 'snapshot:<id>' or a provider image id.");
            }

            var ubuntu = UbuntuPattern.Match(value);
            if (ubuntu.Success)
            {
                return Ubuntu(ubuntu.Groups["v"].Value);
            }

            var debian = DebianPattern.Match(value);
            if (debian.Success)
            {
                return Debian(debian.Groups["v"].Value);
            }

            var noRelease = NoReleasePattern.Match(value);
            if (noRelease.Success)
            {
                var example = noRelease.Groups["d"].Value.ToLowerInvariant() == "debian" ? "debian-12" : "ubuntu-24.04";
                throw ProviderException.InvalidConfig("Image", $"'{value}' names no release. Use e.g. '{example}'.");
            }

            if (value.StartsWith(SnapshotPrefix, StringComparison.OrdinalIgnoreCase))
            {
                return Snapshot(value.Substring(SnapshotPrefix.Length));
            }

            if (value.StartsWith(CustomPrefix, StringComparison.OrdinalIgnoreCase))
            {
                return Custom(value.Substring(CustomPrefix.Length));
            }

            return Custom(value);
        }

        public static bool TryParse(string text, out ImageSpec? spec)
        {
            try
            {
                spec = Parse(text);
                return true;
            }
            catch (ProviderException)
            {
                spec = null;
                return false;
            }
        }

        private static string Require(string value, string name)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw ProviderException.InvalidConfig("Image", $"The image {name} is empty.");
            }

            return value.Trim();
        }

        public bool Equals(ImageSpec? other) =>
            other is not null && other.Kind == Kind && string.Equals(other.Value, Value, StringComparison.Ordinal);

        public override bool Equals(object? obj) => obj is ImageSpec other && Equals(other);

        public override int GetHashCode() => ((int)Kind * 397) ^ StringComparer.Ordinal.GetHashCode(Value);

        /// <summary>The form <see cref="Parse"/> reads back.</summary>
        public override string ToString()
        {
            switch (Kind)
            {
                case ImageKind.Ubuntu: return "ubuntu-" + Value;
                case ImageKind.Debian: return "debian-" + Value;
                case ImageKind.Snapshot: return SnapshotPrefix + Value;
                default: return Value;
            }
        }
    }
}
