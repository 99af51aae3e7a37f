namespace Spuff.PowerShell.Completion
{
    /// <summary>Which list of a provider's catalog a completer offers.</summary>
    public enum CatalogKind
    {
        Region,
        Size,
        Image,
    }
}
