using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Spuff.Core
{
    /// <summary>
    /// Optional: what a provider offers, read from its API. Providers implement it next to <see cref="IProvider"/>
    /// where the API has such lists; the cmdlets use it for tab completion of -Region, -Size and -Image.
    /// </summary>
    public interface IProviderCatalog
    {
        Task<IReadOnlyList<CatalogEntry>> ListRegionsAsync(CancellationToken cancellationToken = default);

        Task<IReadOnlyList<CatalogEntry>> ListSizesAsync(CancellationToken cancellationToken = default);

        /// <summary>Public images, in the form the provider's -Image accepts.</summary>
        Task<IReadOnlyList<CatalogEntry>> ListImagesAsync(CancellationToken cancellationToken = default);
    }
}
