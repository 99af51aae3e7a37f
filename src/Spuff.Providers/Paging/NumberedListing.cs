using System;
using System.Threading;
using System.Threading.Tasks;
using Spuff.Core;

namespace Spuff.Providers.Paging
{
    /// <summary>
    /// A provider's description of one page-numbered listing: how to fetch page N (from 1) and how to tell its items
    /// apart. Everything else (totals checks, passes, concurrency, streaming) is the paginator's.
    /// </summary>
    public sealed class NumberedListing<TItem>
    {
        public NumberedListing(string description, int pageSize, Func<int, CancellationToken, Task<NumberedPage<TItem>>> fetchPage, Func<TItem, string> idOf)
        {
            Description = description;
            PageSize = pageSize;
            FetchPage = fetchPage;
            IdOf = idOf;
        }

        /// <summary>What is listed, for messages: "Hetzner GET /servers".</summary>
        public string Description { get; }

        /// <summary>The <c>per_page</c> the request asks for; the server's own <see cref="NumberedPage{TItem}.PerPage"/> wins.</summary>
        public int PageSize { get; }

        /// <summary>Fetches page N (1-based). Throws <see cref="ProviderException"/> when the request fails.</summary>
        public Func<int, CancellationToken, Task<NumberedPage<TItem>>> FetchPage { get; }

        /// <summary>The item's stable id, used to emit each item once across re-reads.</summary>
        public Func<TItem, string> IdOf { get; }

        /// <summary>Where "the list changed while it was read; reading it again" goes (-Verbose).</summary>
        public IProviderLog? Log { get; set; }

        /// <summary>The provider's name for errors ("hetzner").</summary>
        public string? Provider { get; set; }
    }
}
