using System;
using Spuff.Core;

namespace Spuff.Providers.Docker
{
    /// <summary>Container states (created | running | paused | restarting | removing | exited | dead) in Spuff's words.</summary>
    internal static class DockerStatusMap
    {
        public static InstanceStatus Map(string? state)
        {
            var raw = (state ?? string.Empty).Trim().ToLowerInvariant();
            switch (raw)
            {
                case "created":
                // Spuff never sets a restart policy, so "restarting" only shows up when a user added one; the
                // container is on its way back and not usable yet, the same as a fresh one.
                case "restarting":
                    return InstanceStatus.FromKind(InstanceStatusKind.New, raw);
                case "running":
                    return InstanceStatus.FromKind(InstanceStatusKind.Active, raw);
                // Paused keeps its memory but runs nothing: as unusable as a stopped one.
                case "paused":
                case "exited":
                case "dead":
                    return InstanceStatus.FromKind(InstanceStatusKind.Off, raw);
                case "removing":
                    return InstanceStatus.FromKind(InstanceStatusKind.Archive, raw);
                default:
                    return InstanceStatus.Unknown(raw);
            }
        }

        /// <summary>States a container does not leave by itself: waiting for it to become ready is pointless.</summary>
        public static bool IsStopped(InstanceStatus status) =>
            string.Equals(status.Raw, "exited", StringComparison.Ordinal) || string.Equals(status.Raw, "dead", StringComparison.Ordinal) ||
            string.Equals(status.Raw, "paused", StringComparison.Ordinal);
    }
}
