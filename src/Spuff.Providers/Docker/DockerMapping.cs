using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using global::Docker.DotNet.Models;
using Spuff.Core;

namespace Spuff.Providers.Docker
{
    /// <summary>Engine objects → Spuff's: containers to <see cref="ProviderInstance"/>, images to <see cref="Snapshot"/>.</summary>
    internal static class DockerMapping
    {
        public static bool IsManaged(IDictionary<string, string>? labels) =>
            labels != null && labels.TryGetValue(DockerLabels.ManagedBy, out var value) &&
            string.Equals(value, DockerLabels.ManagedByValue, StringComparison.Ordinal);

        /// <summary>
        /// A container Spuff made: managed-by=spuff and a non-empty spuff.name. Containers inherit their image's
        /// labels, so one started with `docker run` from a snapshot carries managed-by=spuff too; snapshots store an
        /// empty spuff.name (see CreateSnapshotAsync), which keeps such containers out.
        /// </summary>
        public static bool IsManagedContainer(IDictionary<string, string>? labels) =>
            IsManaged(labels) && labels!.TryGetValue(DockerLabels.Name, out var name) && !string.IsNullOrEmpty(name);

        public static bool IsSnapshot(IDictionary<string, string>? labels) =>
            IsManaged(labels) && labels!.ContainsKey(DockerLabels.SnapshotName);

        public static ProviderInstance FromInspect(ContainerInspectResponse container, string? network) =>
            Build(
                container.ID,
                container.Name,
                container.State?.Status,
                container.Config?.Image ?? container.Image,
                container.Created,
                container.Config?.Labels,
                container.NetworkSettings?.Networks,
                network);

        public static ProviderInstance FromList(ContainerListResponse container, string? network) =>
            Build(
                container.ID,
                container.Names?.FirstOrDefault(),
                container.State,
                container.Image,
                container.Created,
                container.Labels,
                container.NetworkSettings?.Networks,
                network);

        public static Snapshot FromImage(string id, DateTime? created, long size, IDictionary<string, string>? labels)
        {
            var copy = Copy(labels);
            copy.TryGetValue(DockerLabels.SnapshotName, out var name);
            copy.TryGetValue(DockerLabels.SourceInstance, out var source);
            return new Snapshot(id, name ?? string.Empty)
            {
                Provider = DockerProvider.ProviderName,
                CreatedAt = created.HasValue ? ToOffset(created.Value) : (DateTimeOffset?)null,
                SizeGb = size > 0 ? Math.Round(size / 1_000_000_000d, 3) : (double?)null,
                SourceInstanceId = source,
                Regions = new[] { DockerRequestValidator.LocalRegion },
                Labels = copy,
            };
        }

        /// <summary>The engine's timestamps come back as UTC or unspecified (meaning UTC); never as local time.</summary>
        public static DateTimeOffset ToOffset(DateTime value) =>
            value.Kind == DateTimeKind.Local
                ? new DateTimeOffset(value.ToUniversalTime(), TimeSpan.Zero)
                : new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc), TimeSpan.Zero);

        /// <summary>
        /// The address on the configured network; without one, on "bridge" (Docker's default network) or
        /// whatever network the engine put the container on (Podman calls its default "podman").
        /// </summary>
        public static IPAddress? AddressOf(IDictionary<string, EndpointSettings>? networks, string? network)
        {
            if (networks == null || networks.Count == 0)
            {
                return null;
            }

            if (network != null)
            {
                return networks.TryGetValue(network, out var chosen) ? Parse(chosen?.IPAddress) : null;
            }

            if (networks.TryGetValue("bridge", out var bridge) && Parse(bridge?.IPAddress) is IPAddress onBridge)
            {
                return onBridge;
            }

            return networks.OrderBy(n => n.Key, StringComparer.Ordinal).Select(n => Parse(n.Value?.IPAddress)).FirstOrDefault(a => a != null);
        }

        private static ProviderInstance Build(
            string id,
            string? containerName,
            string? state,
            string? image,
            DateTime created,
            IDictionary<string, string>? labels,
            IDictionary<string, EndpointSettings>? networks,
            string? network)
        {
            var copy = Copy(labels);
            var status = DockerStatusMap.Map(state);

            // A stopped container keeps no address; one left in the inspect data would only mislead.
            var address = status.Kind == InstanceStatusKind.Active ? AddressOf(networks, network) : null;
            copy.TryGetValue(DockerLabels.Name, out var name);
            copy.TryGetValue(DockerLabels.Size, out var size);
            return new ProviderInstance(id, status, address, ToOffset(created))
            {
                Name = name ?? (containerName ?? string.Empty).TrimStart('/'),
                Provider = DockerProvider.ProviderName,
                Region = DockerRequestValidator.LocalRegion,
                Size = size ?? DockerSize.Unlimited,
                Image = image,
                Labels = copy,
            };
        }

        private static Dictionary<string, string> Copy(IDictionary<string, string>? labels) =>
            labels == null
                ? new Dictionary<string, string>(StringComparer.Ordinal)
                : new Dictionary<string, string>(labels, StringComparer.Ordinal);

        private static IPAddress? Parse(string? text) =>
            !string.IsNullOrEmpty(text) && IPAddress.TryParse(text, out var address) ? address : null;
    }
}
