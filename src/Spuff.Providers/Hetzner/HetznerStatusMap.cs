using Spuff.Core;

namespace Spuff.Providers.Hetzner
{
    /// <summary>Hetzner server states to Spuff's; the raw word is always kept.</summary>
    internal static class HetznerStatusMap
    {
        public static InstanceStatus Map(string? raw)
        {
            var value = raw ?? string.Empty;
            switch (value)
            {
                case "initializing":
                case "starting":
                    return InstanceStatus.FromKind(InstanceStatusKind.New, value);
                case "running":
                    return InstanceStatus.FromKind(InstanceStatusKind.Active, value);
                case "stopping":
                case "off":
                    return InstanceStatus.FromKind(InstanceStatusKind.Off, value);
                case "deleting":
                    return InstanceStatus.FromKind(InstanceStatusKind.Archive, value);
                default:
                    // migrating, rebuilding, unknown, and whatever Hetzner adds later.
                    return InstanceStatus.Unknown(value);
            }
        }
    }
}
