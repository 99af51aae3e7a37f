using Spuff.Core;

namespace Spuff.Providers.Paging
{
    /// <summary>Counts the page requests of one listing, across its passes, against <see cref="Paginator.MaxPages"/>.</summary>
    internal sealed class RequestCounter
    {
        public int Count { get; private set; }

        public void Add(string description)
        {
            if (++Count > Paginator.MaxPages)
            {
                throw ProviderException.Other($"Stopped {description} after {Paginator.MaxPages} page requests; the list never settled.");
            }
        }
    }
}
