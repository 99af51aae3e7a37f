namespace Spuff.PowerShell.Completion
{
    /// <summary>Completes -Name and -Id with the provider's snapshots (see <see cref="ResourceCompleter"/>).</summary>
    public sealed class SnapshotCompleter : ResourceCompleter
    {
        public SnapshotCompleter()
            : base(ResourceKind.Snapshot)
        {
        }
    }
}
