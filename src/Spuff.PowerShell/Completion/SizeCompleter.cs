namespace Spuff.PowerShell.Completion
{
    /// <summary>Completes -Size from the provider's API (see <see cref="CatalogCompleter"/>).</summary>
    public sealed class SizeCompleter : CatalogCompleter
    {
        public SizeCompleter()
            : base(CatalogKind.Size)
        {
        }
    }
}
