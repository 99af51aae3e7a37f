using System.Collections.Generic;

namespace Spuff.Providers.Paging
{
    /// <summary>
    /// What one answer of a page-numbered listing (Hetzner <c>page=</c>, DigitalOcean <c>page=</c>) says, in the
    /// provider's own terms translated to numbers. The paginator checks every page against the first one.
    /// </summary>
    public sealed class NumberedPage<TItem>
    {
        public NumberedPage(IReadOnlyList<TItem>? items, long? total, long? lastPage = null, long? perPage = null, long? nextPage = null)
        {
            Items = items;
            Total = total;
            LastPage = lastPage;
            PerPage = perPage;
            NextPage = nextPage;
        }

        /// <summary>The page's items; null when the answer had no list field at all (a malformed page, never "empty").</summary>
        public IReadOnlyList<TItem>? Items { get; }

        /// <summary>How many items the whole listing has, as the server counted for this request (Hetzner
        /// <c>meta.pagination.total_entries</c>, DigitalOcean <c>meta.total</c>); null when not reported.</summary>
        public long? Total { get; }

        /// <summary>The number of the last page (Hetzner <c>last_page</c>, DigitalOcean <c>links.pages.last</c>), if reported.</summary>
        public long? LastPage { get; }

        /// <summary>The page size the server applied, if it says (Hetzner <c>per_page</c>).</summary>
        public long? PerPage { get; }

        /// <summary>The next page's number, if any (used only when the first page reports no total).</summary>
        public long? NextPage { get; }
    }
}
