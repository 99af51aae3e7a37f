namespace Spuff.PowerShell.Completion
{
    /// <summary>Which of a provider's own lists a completer offers: its instances or its snapshots.</summary>
    public enum ResourceKind
    {
        Instance,
        Snapshot,
    }
}
