using System;

namespace Spuff.Core
{
    /// <summary>
    /// An instance's state: New, Active, Off, Archive, or Unknown carrying the provider's raw state.
    /// Compares equal to its kind's name, so <c>$i.Status -eq 'Active'</c> works in PowerShell.
    /// </summary>
    public sealed class InstanceStatus : IEquatable<InstanceStatus>
    {
        public static readonly InstanceStatus New = new InstanceStatus(InstanceStatusKind.New, "new");
        public static readonly InstanceStatus Active = new InstanceStatus(InstanceStatusKind.Active, "active");
        public static readonly InstanceStatus Off = new InstanceStatus(InstanceStatusKind.Off, "off");
        public static readonly InstanceStatus Archive = new InstanceStatus(InstanceStatusKind.Archive, "archive");

        private InstanceStatus(InstanceStatusKind kind, string raw)
        {
            Kind = kind;
            Raw = raw;
        }

        public InstanceStatusKind Kind { get; }

        /// <summary>The state as the provider spelled it (for Unknown, the only clue there is).</summary>
        public string Raw { get; }

        /// <summary>A state Spuff has no mapping for; keeps the provider's word.</summary>
        public static InstanceStatus Unknown(string raw) =>
            new InstanceStatus(InstanceStatusKind.Unknown, raw ?? string.Empty);

        /// <summary>A known kind with the provider's raw spelling kept (e.g. Hetzner "initializing" → New).</summary>
        public static InstanceStatus FromKind(InstanceStatusKind kind, string raw) =>
            kind == InstanceStatusKind.Unknown ? Unknown(raw) : new InstanceStatus(kind, raw ?? kind.ToString().ToLowerInvariant());

        /// <summary>Parses "Active", "off", … or "Unknown(raw)"; anything else becomes Unknown(text).</summary>
        public static InstanceStatus Parse(string text)
        {
            var value = (text ?? string.Empty).Trim();
            if (value.StartsWith("Unknown(", StringComparison.OrdinalIgnoreCase) && value.EndsWith(")", StringComparison.Ordinal))
            {
                return Unknown(value.Substring(8, value.Length - 9));
            }

            foreach (InstanceStatusKind kind in Enum.GetValues(typeof(InstanceStatusKind)))
            {
                if (kind != InstanceStatusKind.Unknown && string.Equals(kind.ToString(), value, StringComparison.OrdinalIgnoreCase))
                {
                    return FromKind(kind, kind.ToString().ToLowerInvariant());
                }
            }

            return Unknown(value);
        }

        public bool Equals(InstanceStatus? other) =>
            other is not null && other.Kind == Kind &&
            (Kind != InstanceStatusKind.Unknown || string.Equals(Raw, other.Raw, StringComparison.OrdinalIgnoreCase));

        public override bool Equals(object? obj) =>
            obj is InstanceStatus status ? Equals(status) :
            obj is string text ? Equals(Parse(text)) :
            obj is InstanceStatusKind kind && kind == Kind;

        public override int GetHashCode() =>
            Kind == InstanceStatusKind.Unknown ? StringComparer.OrdinalIgnoreCase.GetHashCode(Raw) : (int)Kind;

        public static bool operator ==(InstanceStatus? left, InstanceStatus? right) =>
            left is null ? right is null : left.Equals(right);

        public static bool operator !=(InstanceStatus? left, InstanceStatus? right) => !(left == right);

        public override string ToString() => Kind == InstanceStatusKind.Unknown ? $"Unknown({Raw})" : Kind.ToString();
    }
}
