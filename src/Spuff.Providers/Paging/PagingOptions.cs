using Spuff.Providers.Http;

namespace Spuff.Providers.Paging
{
    /// <summary>How hard a listing may drive the API once the first page has told how much there is.</summary>
    public sealed class PagingOptions
    {
        /// <summary>One page at a time, no budget: the behaviour of the official CLIs.</summary>
        public static PagingOptions Sequential => new PagingOptions();

        /// <summary>
        /// Pages held at once: requested, in flight or arrived, and not yet fully handed to the consumer (the page
        /// being handed out counts). 1 means strictly sequential. Memory is bounded by this many pages.
        /// </summary>
        public int MaxInFlight { get; set; } = 1;

        /// <summary>The provider's rate budget; while it is low (<see cref="RateLimitTracker.LowWaterMark"/>) the
        /// listing goes one page at a time.</summary>
        public RateLimitTracker? Budget { get; set; }

        /// <summary>
        /// Pages after the first are requested only when the consumer asks for more than this many items of the first
        /// page (or for the item after it). A consumer that stops early (Select-Object -First 1 through a cmdlet,
        /// which runs about ten objects ahead) then costs exactly one request.
        /// </summary>
        public int PrefetchAfter { get; set; } = 16;
    }
}
