using System;
using System.Collections.Generic;
using System.Net;

namespace Spuff.Core
{
    /// <summary>An instance as every provider reports it. This is the object Spuff's cmdlets put on the pipeline.</summary>
    public sealed class ProviderInstance
    {
        public ProviderInstance(string id, InstanceStatus status, IPAddress? ipAddress, DateTimeOffset createdAt)
        {
            Id = id ?? throw new ArgumentNullException(nameof(id));
            Status = status ?? throw new ArgumentNullException(nameof(status));
            IPAddress = ipAddress;
            CreatedAt = createdAt;
        }

        public string Id { get; }

        public string Name { get; set; } = string.Empty;

        /// <summary>Canonical provider name (digitalocean, hetzner, aws, docker).</summary>
        public string Provider { get; set; } = string.Empty;

        public InstanceStatus Status { get; }

        /// <summary>The public IPv4 address (for Docker, the container's address); null until there is one.</summary>
        public IPAddress? IPAddress { get; }

        public string? Region { get; set; }

        public string? Size { get; set; }

        public string? Image { get; set; }

        public DateTimeOffset CreatedAt { get; }

        public IReadOnlyDictionary<string, string> Labels { get; set; } = new Dictionary<string, string>();

        /// <summary>How long ago the provider created it.</summary>
        public TimeSpan Age => DateTimeOffset.UtcNow - CreatedAt;

        /// <summary>Active and with a routable address: what "ready" means for every provider.</summary>
        public bool IsReady => Status.Kind == InstanceStatusKind.Active && HasUsableAddress(IPAddress);

        /// <summary>An address a client can reach: not null, not 0.0.0.0/::.</summary>
        public static bool HasUsableAddress(IPAddress? address) =>
            address != null && !address.Equals(System.Net.IPAddress.Any) && !address.Equals(System.Net.IPAddress.IPv6Any);

        public override string ToString() => string.IsNullOrEmpty(Name) ? Id : $"{Name} ({Id})";
    }
}
