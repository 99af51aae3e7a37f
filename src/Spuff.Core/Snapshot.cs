using System;
using System.Collections.Generic;

namespace Spuff.Core
{
    /// <summary>A saved image of an instance that new instances can start from (<c>ImageSpec.Snapshot(Id)</c>).</summary>
    public sealed class Snapshot
    {
        public Snapshot(string id, string name)
        {
            Id = id ?? throw new ArgumentNullException(nameof(id));
            Name = name ?? string.Empty;
        }

        public string Id { get; }

        public string Name { get; }

        public string Provider { get; set; } = string.Empty;

        public DateTimeOffset? CreatedAt { get; set; }

        public double? SizeGb { get; set; }

        /// <summary>The instance it was taken from, where the provider says.</summary>
        public string? SourceInstanceId { get; set; }

        public IReadOnlyList<string> Regions { get; set; } = Array.Empty<string>();

        public IReadOnlyDictionary<string, string> Labels { get; set; } = new Dictionary<string, string>();

        /// <summary>The image spec that creates an instance from this snapshot.</summary>
        public ImageSpec ToImageSpec() => ImageSpec.Snapshot(Id);

        public override string ToString() => string.IsNullOrEmpty(Name) ? Id : $"{Name} ({Id})";
    }
}
