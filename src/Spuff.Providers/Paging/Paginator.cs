using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Spuff.Core;

namespace Spuff.Providers.Paging
{
    /// <summary>
    /// Walks every page of a listing and yields items as each page arrives; a failed page throws, the list is never
    /// silently shorter.
    /// <para>Page-numbered listings (<see cref="StreamAsync{TItem}(NumberedListing{TItem}, PagingOptions, CancellationToken)"/>,
    /// Hetzner and DigitalOcean) are consistent: every item that exists for the whole listing is emitted exactly once,
    /// also when items are deleted or added while it is read (a consumer that deletes what it receives). Every page is
    /// checked against the first page's totals; when they differ, or a page holds fewer items than the totals promise,
    /// the pass is finished and the listing is read again from page 1, emitting only ids not emitted yet, until a pass
    /// sees the same totals on every page. A page without its list field is an error. After the first page the
    /// remaining pages are fetched concurrently (<see cref="PagingOptions"/>), handed out in page order.</para>
    /// <para>Cursor listings (<see cref="StreamAsync{TPage, TItem}(Func{string, CancellationToken, Task{TPage}}, Func{TPage, IEnumerable{TItem}}, Func{TPage, string}, Func{TItem, string}, CancellationToken)"/>,
    /// EC2 NextToken) are sequential; an id seen twice is emitted once.</para>
    /// </summary>
    public static class Paginator
    {
        /// <summary>Guards against an API whose "next" never ends, and against a list that never settles.</summary>
        public const int MaxPages = 10_000;

        /// <summary>A listing gives up when this many passes in a row saw the list change and found nothing new.</summary>
        public const int MaxFruitlessPasses = 3;

        /// <summary>A listing gives up after this many passes, whatever they found.</summary>
        public const int MaxPasses = 32;

        public static IAsyncEnumerable<TItem> StreamAsync<TPage, TItem>(
            Func<string?, CancellationToken, Task<TPage>> fetchPage,
            Func<TPage, IEnumerable<TItem>> itemsOf,
            Func<TPage, string?> nextCursorOf,
            CancellationToken cancellationToken = default) =>
            StreamAsync(fetchPage, itemsOf, nextCursorOf, null, cancellationToken);

        /// <summary>
        /// A cursor listing (a next link or token), one page at a time. With <paramref name="idOf"/>, an item whose id
        /// was already emitted is skipped (a token that lets an item through twice never duplicates it).
        /// </summary>
        public static async IAsyncEnumerable<TItem> StreamAsync<TPage, TItem>(
            Func<string?, CancellationToken, Task<TPage>> fetchPage,
            Func<TPage, IEnumerable<TItem>> itemsOf,
            Func<TPage, string?> nextCursorOf,
            Func<TItem, string>? idOf,
            [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var cursors = new HashSet<string>(StringComparer.Ordinal);
            var emitted = idOf == null ? null : new HashSet<string>(StringComparer.Ordinal);
            string? cursor = null;
            for (var page = 0; page < MaxPages; page++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var result = await fetchPage(cursor, cancellationToken).ConfigureAwait(false);
                foreach (var item in itemsOf(result))
                {
                    if (emitted == null || emitted.Add(idOf!(item)))
                    {
                        yield return item;
                    }
                }

                cursor = nextCursorOf(result);
                if (string.IsNullOrEmpty(cursor))
                {
                    yield break;
                }

                if (!cursors.Add(cursor!))
                {
                    throw ProviderException.Other($"The provider returned the page cursor '{cursor}' twice; stopping instead of looping forever.");
                }
            }

            throw ProviderException.Other($"Stopped after {MaxPages} pages; the provider kept returning a next page.");
        }

        /// <summary>
        /// A page-numbered listing, consistent under change and concurrent after the first page (see the class
        /// summary). The first item leaves as soon as page 1 has arrived; pages 2.. are requested when the consumer
        /// asks for more than <see cref="PagingOptions.PrefetchAfter"/> items; at most
        /// <see cref="PagingOptions.MaxInFlight"/> pages are held at once. Throws <see cref="ProviderException"/>
        /// (Api) for a page without its list and when the list keeps changing (<see cref="MaxFruitlessPasses"/>,
        /// <see cref="MaxPasses"/>).
        /// </summary>
        public static async IAsyncEnumerable<TItem> StreamAsync<TItem>(
            NumberedListing<TItem> listing,
            PagingOptions? options = null,
            [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            options ??= PagingOptions.Sequential;
            var emitted = new HashSet<string>(StringComparer.Ordinal);
            var requests = new RequestCounter();
            var fruitless = 0;
            for (var pass = 1; ; pass++)
            {
                var window = new PageWindow<TItem>(listing, options, requests, cancellationToken);
                var found = 0;
                var settled = true;
                try
                {
                    var first = await window.TakeAsync(1).ConfigureAwait(false);
                    var firstItems = first.Items ?? throw Malformed(listing, 1, null);
                    if (first.Total == null)
                    {
                        // Nothing to check pages against: follow next_page one at a time, as before.
                        await window.CloseAsync().ConfigureAwait(false);
                        await foreach (var item in WithoutTotalsAsync(listing, first, emitted, requests, cancellationToken).ConfigureAwait(false))
                        {
                            yield return item;
                        }

                        yield break;
                    }

                    var shape = PassShape.Of(first, firstItems.Count, listing.PageSize);
                    settled = shape.Consistent && firstItems.Count == shape.Expected(1);
                    window.LastPage = shape.LastPage;
                    for (var i = 0; i < firstItems.Count; i++)
                    {
                        if (i == options.PrefetchAfter)
                        {
                            window.Fill(1);
                        }

                        if (emitted.Add(listing.IdOf(firstItems[i])))
                        {
                            found++;
                            yield return firstItems[i];
                        }
                    }

                    for (var number = 2; number <= shape.LastPage; number++)
                    {
                        // Page number-1 is handed out: its slot goes to the next page not yet requested.
                        window.Fill(number);
                        var page = await window.TakeAsync(number).ConfigureAwait(false);
                        var items = page.Items ?? throw Malformed(listing, number, first);
                        if (!shape.Agrees(page, number, items.Count))
                        {
                            settled = false;
                        }

                        foreach (var item in items)
                        {
                            if (emitted.Add(listing.IdOf(item)))
                            {
                                found++;
                                yield return item;
                            }
                        }

                        if (!settled && page.Total is long now && (long)number * shape.PerPage >= now)
                        {
                            // The list now ends on or before this page: later pages of this pass would be empty.
                            break;
                        }
                    }
                }
                finally
                {
                    await window.CloseAsync().ConfigureAwait(false);
                }

                if (settled)
                {
                    yield break;
                }

                fruitless = found == 0 ? fruitless + 1 : 0;
                if (fruitless >= MaxFruitlessPasses || pass >= MaxPasses)
                {
                    throw new ProviderException(ProviderErrorKind.Api, $"{listing.Description} kept changing while it was read ({pass} passes, {requests.Count} pages, {emitted.Count} items listed); the list may be incomplete. Run the command again.")
                    {
                        Provider = listing.Provider,
                    };
                }

                listing.Log?.Write(ProviderLogLevel.Verbose, $"{listing.Description} changed while it was read (pass {pass}); reading it again for items not listed yet.");
            }
        }

        /// <summary>Reads a whole stream into a list (for callers that need everything, such as a batch wait).</summary>
        public static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source, CancellationToken cancellationToken = default)
        {
            var list = new List<T>();
            await foreach (var item in source.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                list.Add(item);
            }

            return list;
        }

        private static async IAsyncEnumerable<TItem> WithoutTotalsAsync<TItem>(
            NumberedListing<TItem> listing,
            NumberedPage<TItem> first,
            HashSet<string> emitted,
            RequestCounter requests,
            [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var page = first;
            var number = 1L;
            while (true)
            {
                foreach (var item in page.Items!)
                {
                    if (emitted.Add(listing.IdOf(item)))
                    {
                        yield return item;
                    }
                }

                if (page.NextPage is not long next)
                {
                    yield break;
                }

                if (next <= number || next > int.MaxValue)
                {
                    throw ProviderException.Other($"{listing.Description} answered page {number} with next page {next}; stopping instead of looping forever.");
                }

                requests.Add(listing.Description);
                number = next;
                page = await listing.FetchPage((int)next, cancellationToken).ConfigureAwait(false);
                if (page.Items == null)
                {
                    throw Malformed(listing, (int)number, null);
                }
            }
        }

        private static ProviderException Malformed<TItem>(NumberedListing<TItem> listing, int number, NumberedPage<TItem>? first)
        {
            var promised = first?.Total is long total
                ? string.Format(CultureInfo.InvariantCulture, ", although page 1 announced {0} items", total)
                : string.Empty;
            return new ProviderException(ProviderErrorKind.Api, $"{listing.Description} answered page {number} without its list{promised}; the list cannot be read completely. Run the command again.")
            {
                Provider = listing.Provider,
                StatusCode = 200,
            };
        }
    }
}
