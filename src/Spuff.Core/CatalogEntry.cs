namespace Spuff.Core
{
    /// <summary>One region, size or image a provider offers, for tab completion and discovery.</summary>
    public sealed class CatalogEntry
    {
        public CatalogEntry(string name, string? description = null)
        {
            Name = name;
            Description = description ?? name;
        }

        /// <summary>The value to pass to -Region, -Size or -Image.</summary>
        public string Name { get; }

        /// <summary>A human description ("New York 3", "1 vCPU, 1 GB").</summary>
        public string Description { get; }

        public override string ToString() => Name;
    }
}
