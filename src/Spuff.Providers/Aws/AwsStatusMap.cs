using Spuff.Core;

namespace Spuff.Providers.Aws
{
    /// <summary>EC2 instance states (pending, running, stopping, stopped, shutting-down, terminated) to Spuff's.</summary>
    internal static class AwsStatusMap
    {
        public static InstanceStatus FromState(string? state)
        {
            var raw = state ?? string.Empty;
            switch (raw)
            {
                case "pending": return InstanceStatus.FromKind(InstanceStatusKind.New, raw);
                case "running": return InstanceStatus.FromKind(InstanceStatusKind.Active, raw);
                case "stopping":
                case "stopped": return InstanceStatus.FromKind(InstanceStatusKind.Off, raw);
                case "shutting-down":
                case "terminated": return InstanceStatus.FromKind(InstanceStatusKind.Archive, raw);
                default: return InstanceStatus.Unknown(raw);
            }
        }

        /// <summary>The states a list shows: all but terminated, which EC2 keeps visible for about an hour.</summary>
        public static readonly string[] ListedStates = { "pending", "running", "shutting-down", "stopping", "stopped" };
    }
}
