using System;
using System.Collections.Generic;
using System.Net;

namespace Spuff.Core
{
    /// <summary>
    /// An instance as every provider reports it. This is the object Spuff's cmdlets put on the pipeline.
    /// </summary>
    /// <remarks>
    /// Every public property is plain data that serializes as itself: <c>ConvertTo-Json</c> (and Windows
    /// PowerShell's JavaScriptSerializer) read public properties by reflection and ignore type data, so a typed
    /// value such as <see cref="System.Net.IPAddress"/> or <see cref="InstanceStatus"/> in a property would be
    /// written as its inner fields. The typed values are methods (<see cref="GetStatus"/>,
    /// <see cref="GetIPAddress"/>), and the display-only age is type data (Spuff.Types.ps1xml), not a property.
    /// </remarks>
    public sealed class ProviderInstance
    {
        private readonly InstanceStatus _status;
        private readonly IPAddress? _address;
        private IReadOnlyDictionary<string, string> _labels = LabelSet.Empty;

        public ProviderInstance(string id, InstanceStatus status, IPAddress? ipAddress, DateTimeOffset createdAt)
        {
            Id = id ?? throw new ArgumentNullException(nameof(id));
            _status = status ?? throw new ArgumentNullException(nameof(status));
            _address = ipAddress;
            CreatedAt = createdAt;
        }

        public string Id { get; }

        public string Name { get; set; } = string.Empty;

        /// <summary>Canonical provider name (digitalocean, hetzner, aws, docker).</summary>
        public string Provider { get; set; } = string.Empty;

        /// <summary>The state as text: Active, New, Off, Archive, or Unknown(&lt;the provider's word&gt;)
        /// (see <see cref="InstanceStatus.ToString"/>). The typed state is <see cref="GetStatus"/>.</summary>
        public string Status => _status.ToString();

        /// <summary>The public IPv4 address as text ("203.0.113.1"; for Docker, the container's address); null
        /// until there is one. The typed address is <see cref="GetIPAddress"/>.</summary>
        public string? IPAddress => _address?.ToString();

        public string? Region { get; set; }

        public string? Size { get; set; }

        public string? Image { get; set; }

        public DateTimeOffset CreatedAt { get; }

        /// <summary>Key/value labels. Always a <see cref="LabelSet"/> (its text is "key=value;key=value").</summary>
        public IReadOnlyDictionary<string, string> Labels
        {
            get => _labels;
            set => _labels = LabelSet.From(value);
        }

        /// <summary>When the instance should be gone (New-SpuffInstance -TimeToLive), read from its
        /// <c>spuff-expires</c> label; null when it has none.</summary>
        public DateTimeOffset? ExpiresAt => Expiry.Read(Labels);

        /// <summary>Whether <see cref="ExpiresAt"/> has passed at <paramref name="now"/>.</summary>
        public bool IsExpiredAt(DateTimeOffset now) => ExpiresAt is DateTimeOffset expires && expires <= now;

        /// <summary>Active and with a routable address: what "ready" means for every provider.</summary>
        public bool IsReady => _status.Kind == InstanceStatusKind.Active && HasUsableAddress(_address);

        /// <summary>The state with its kind and the provider's raw word.</summary>
        public InstanceStatus GetStatus() => _status;

        /// <summary>The public address as an <see cref="System.Net.IPAddress"/>, or null.</summary>
        public IPAddress? GetIPAddress() => _address;

        /// <summary>How long ago the provider created it, measured at <paramref name="now"/> (default: now).</summary>
        public TimeSpan GetAge(DateTimeOffset? now = null) => (now ?? DateTimeOffset.UtcNow) - CreatedAt;

        /// <summary>An address a client can reach: not null, not 0.0.0.0/::.</summary>
        public static bool HasUsableAddress(IPAddress? address) =>
            address != null && !address.Equals(System.Net.IPAddress.Any) && !address.Equals(System.Net.IPAddress.IPv6Any);

        public override string ToString() => string.IsNullOrEmpty(Name) ? Id : $"{Name} ({Id})";
    }
}
