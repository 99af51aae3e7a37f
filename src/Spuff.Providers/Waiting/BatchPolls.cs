using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Spuff.Core;

namespace Spuff.Providers.Waiting
{
    /// <summary>The poll strategies providers combine in <see cref="IBatchReadiness.PollAsync"/>.</summary>
    internal static class BatchPolls
    {
        /// <summary>One GET per target (a 404 is an id without an entry). A malformed id fails alone.</summary>
        public static async Task GetEachAsync(
            Func<string, CancellationToken, Task<ProviderInstance?>> get,
            IEnumerable<WaitTarget> targets,
            BatchPoll poll,
            CancellationToken cancellationToken)
        {
            foreach (var target in targets)
            {
                try
                {
                    poll.Requests++;
                    var instance = await get(target.Id, cancellationToken).ConfigureAwait(false);
                    if (instance != null)
                    {
                        poll.Found[target.Id] = instance;
                    }
                }
                catch (ProviderException error) when (error.Kind == ProviderErrorKind.InvalidConfig || error.Kind == ProviderErrorKind.NotFound)
                {
                    // This id's own problem (malformed, say): it fails alone instead of ending every other wait.
                    poll.Failed[target.Id] = error;
                }
            }
        }

        /// <summary>
        /// For a provider without a narrower way: one list of every managed instance, then a GET for each pending id
        /// the list did not show. Costs what the account holds; providers implement <see cref="IBatchReadiness"/> to do better.
        /// </summary>
        public static async Task<BatchPoll> ListAllAsync(IProvider provider, IReadOnlyList<WaitTarget> pending, CancellationToken cancellationToken)
        {
            var poll = new BatchPoll { Requests = 1 };
            var wanted = new HashSet<string>(pending.Select(t => t.Id), StringComparer.Ordinal);
            await foreach (var instance in provider.ListInstancesAsync(null, cancellationToken).ConfigureAwait(false))
            {
                if (wanted.Contains(instance.Id))
                {
                    poll.Found[instance.Id] = instance;
                }
            }

            await GetEachAsync(provider.GetInstanceAsync, pending.Where(t => !poll.Found.ContainsKey(t.Id)), poll, cancellationToken).ConfigureAwait(false);
            return poll;
        }
    }
}
