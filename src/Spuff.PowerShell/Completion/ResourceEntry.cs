namespace Spuff.PowerShell.Completion
{
    /// <summary>One instance or snapshot as completion shows it: its name, id, provider and status (snapshots have none).</summary>
    internal sealed class ResourceEntry
    {
        public ResourceEntry(string name, string id, string provider, string? status)
        {
            Name = name;
            Id = id;
            Provider = provider;
            Status = status;
        }

        public string Name { get; }

        public string Id { get; }

        public string Provider { get; }

        public string? Status { get; }
    }
}
