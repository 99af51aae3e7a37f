using System;

namespace Spuff.Providers.Paging
{
    /// <summary>
    /// The shape of one pass as its first page announced it: total, page size, last page. Every later page must agree
    /// (same total, same last page, exactly the items the total leaves for it); any difference means the list changed
    /// between the two reads, so items may have shifted across a page boundary unseen.
    /// </summary>
    internal readonly struct PassShape
    {
        private PassShape(long total, long perPage, int lastPage, bool consistent)
        {
            Total = total;
            PerPage = perPage;
            LastPage = lastPage;
            Consistent = consistent;
        }

        public long Total { get; }

        public long PerPage { get; }

        public int LastPage { get; }

        /// <summary>False when the first page contradicts itself (its last page does not fit its total and size).</summary>
        public bool Consistent { get; }

        public static PassShape Of<TItem>(NumberedPage<TItem> first, int firstCount, int requestedPageSize)
        {
            var total = Math.Max(0, first.Total ?? 0);
            // Page 1 is full whenever there is more than one page, so its length is the size the server applied.
            var more = first.LastPage > 1 || first.NextPage > 1;
            var perPage = first.PerPage is long reported && reported > 0
                ? reported
                : more && firstCount > 0 ? firstCount : Math.Max(1, requestedPageSize);
            var computed = Math.Max(1, (total + perPage - 1) / perPage);
            var last = first.LastPage is long announced && announced > 0 ? announced : computed;
            var bounded = (int)Math.Min(last, Paginator.MaxPages);
            return new PassShape(total, perPage, bounded, last == computed);
        }

        /// <summary>How many items page <paramref name="number"/> holds while the total stays as announced.</summary>
        public long Expected(int number) => Math.Max(0, Math.Min(PerPage, Total - ((number - 1) * PerPage)));

        public bool Agrees<TItem>(NumberedPage<TItem> page, int number, int count) =>
            page.Total == Total && (page.LastPage == null || page.LastPage == LastPage) && count == Expected(number);
    }
}
