using System;
using System.Text;
using Spuff.Core;

namespace Spuff.Providers.Docker
{
    /// <summary>Turns an <see cref="ImageSpec"/> into an image reference, and names snapshot images.</summary>
    internal static class DockerImageReference
    {
        public const string SnapshotRepository = "spuff-snapshot";

        /// <summary>ubuntu-24.04 → ubuntu:24.04, debian-12 → debian:12, custom references unchanged,
        /// snapshots → the snapshot's image id (resolved by the provider, never pulled).</summary>
        public static string FromSpec(ImageSpec spec)
        {
            switch (spec.Kind)
            {
                case ImageKind.Ubuntu: return "ubuntu:" + spec.Value;
                case ImageKind.Debian: return "debian:" + spec.Value;
                default:
                    if (spec.Value.IndexOfAny(new[] { ' ', '\t', '\n', '\r' }) >= 0)
                    {
                        throw DockerRequestValidator.Invalid("Image", $"'{spec.Value}' is not an image reference (it contains whitespace).");
                    }

                    return spec.Value;
            }
        }

        /// <summary>Splits a reference into what the engine's pull call takes: the repository and a tag (latest
        /// when none is given, so a pull never fetches every tag), or the whole reference when it has a digest.</summary>
        public static (string FromImage, string? Tag) ForPull(string reference)
        {
            if (reference.IndexOf('@') >= 0)
            {
                return (reference, null);
            }

            var lastSlash = reference.LastIndexOf('/');
            var lastColon = reference.LastIndexOf(':');
            if (lastColon > lastSlash)
            {
                return (reference.Substring(0, lastColon), reference.Substring(lastColon + 1));
            }

            return (reference, "latest");
        }

        /// <summary>A snapshot name as a tag: [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}; other characters become '-'.</summary>
        public static string SnapshotTag(string name)
        {
            var builder = new StringBuilder(name.Length);
            foreach (var c in name.Trim())
            {
                var ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
                builder.Append(ok ? c : '-');
            }

            var tag = builder.ToString();
            if (tag.Length == 0 || tag[0] == '.' || tag[0] == '-')
            {
                tag = "_" + tag;
            }

            return tag.Length > 128 ? tag.Substring(0, 128) : tag;
        }

        /// <summary>Short image ids (sha256:abcdef… → abcdef012345) for messages.</summary>
        public static string Short(string id)
        {
            var value = id.StartsWith("sha256:", StringComparison.Ordinal) ? id.Substring(7) : id;
            return value.Length > 12 ? value.Substring(0, 12) : value;
        }
    }
}
