using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Spuff.Core;

namespace Spuff.Providers.Paging
{
    /// <summary>
    /// Walks every page of a listing and yields items as each page arrives. The cursor is whatever the provider
    /// pages by: a page number (Hetzner), the next link (DigitalOcean) or a token (EC2). A failed page throws;
    /// the list is never silently shorter.
    /// </summary>
    public static class Paginator
    {
        /// <summary>Guards against an API whose "next" never ends.</summary>
        public const int MaxPages = 10_000;

        public static async IAsyncEnumerable<TItem> StreamAsync<TPage, TItem>(
            Func<string?, CancellationToken, Task<TPage>> fetchPage,
            Func<TPage, IEnumerable<TItem>> itemsOf,
            Func<TPage, string?> nextCursorOf,
            [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            string? cursor = null;
            for (var page = 0; page < MaxPages; page++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var result = await fetchPage(cursor, cancellationToken).ConfigureAwait(false);
                foreach (var item in itemsOf(result))
                {
                    yield return item;
                }

                cursor = nextCursorOf(result);
                if (string.IsNullOrEmpty(cursor))
                {
                    yield break;
                }

                if (!seen.Add(cursor!))
                {
                    throw ProviderException.Other($"The provider returned the page cursor '{cursor}' twice; stopping instead of looping forever.");
                }
            }

            throw ProviderException.Other($"Stopped after {MaxPages} pages; the provider kept returning a next page.");
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
    }
}
