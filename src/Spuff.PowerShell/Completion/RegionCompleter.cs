namespace Spuff.PowerShell.Completion
{
    /// <summary>Completes -Region from the provider's API (see <see cref="CatalogCompleter"/>).</summary>
    public sealed class RegionCompleter : CatalogCompleter
    {
        public RegionCompleter()
            : base(CatalogKind.Region)
        {
        }
    }
}
