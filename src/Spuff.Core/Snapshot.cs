using System;
using System.Collections.Generic;

namespace Spuff.Core
{
    /// <summary>A saved image of an instance that new instances can start from (<c>ImageSpec.Snapshot(Id)</c>).</summary>
    public sealed class Snapshot
    {
        private IReadOnlyList<string> _regions = NameList.Empty;
        private IReadOnlyDictionary<string, string> _labels = LabelSet.Empty;

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

        /// <summary>Where it can be used. Always a <see cref="NameList"/> (its text is "a;b").</summary>
        public IReadOnlyList<string> Regions
        {
            get => _regions;
            set => _regions = NameList.From(value);
        }

        /// <summary>Key/value labels. Always a <see cref="LabelSet"/> (its text is "key=value;key=value").</summary>
        public IReadOnlyDictionary<string, string> Labels
        {
            get => _labels;
            set => _labels = LabelSet.From(value);
        }

        /// <summary>The image spec that creates an instance from this snapshot.</summary>
        public ImageSpec ToImageSpec() => ImageSpec.Snapshot(Id);

        public override string ToString() => string.IsNullOrEmpty(Name) ? Id : $"{Name} ({Id})";
    }
}
