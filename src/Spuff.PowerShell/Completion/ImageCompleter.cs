namespace Spuff.PowerShell.Completion
{
    /// <summary>Completes -Image from the provider's API (see <see cref="CatalogCompleter"/>).</summary>
    public sealed class ImageCompleter : CatalogCompleter
    {
        public ImageCompleter()
            : base(CatalogKind.Image)
        {
        }
    }
}
