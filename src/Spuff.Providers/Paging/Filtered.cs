using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Spuff.Core;

namespace Spuff.Providers.Paging
{
    /// <summary>Applies a <see cref="ListFilter"/> to a stream locally, after whatever the server already narrowed.</summary>
    public static class Filtered
    {
        public static async IAsyncEnumerable<T> WhereAsync<T>(
            IAsyncEnumerable<T> source,
            ListFilter? filter,
            Func<T, IReadOnlyDictionary<string, string>> labelsOf,
            [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var item in source.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                if (ListFilter.Admits(filter, labelsOf(item)))
                {
                    yield return item;
                }
            }
        }
    }
}
