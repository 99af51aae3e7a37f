using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Spuff.Core;

namespace Spuff.Providers.Waiting
{
    /// <summary>
    /// Waits for many instances at once with ONE list request per poll (not one request per instance), so a batch
    /// of twenty costs what one costs against the provider's hourly budget. Yields each instance as it becomes ready.
    /// </summary>
    public static class ReadinessWaiter
    {
        public static IAsyncEnumerable<ReadyResult> WaitAllReadyAsync(
            IProvider provider,
            IReadOnlyCollection<string> ids,
            ProviderTimeouts timeouts,
            IProgress<OperationProgress>? progress = null,
            CancellationToken cancellationToken = default) =>
            WaitAllReadyAsync(provider, ids, timeouts, progress, TimeProvider.System, cancellationToken);

        internal static async IAsyncEnumerable<ReadyResult> WaitAllReadyAsync(
            IProvider provider,
            IReadOnlyCollection<string> ids,
            ProviderTimeouts timeouts,
            IProgress<OperationProgress>? progress,
            TimeProvider time,
            [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var pending = new List<string>(ids.Distinct(StringComparer.Ordinal));
            if (pending.Count == 0)
            {
                yield break;
            }

            if (pending.Count == 1)
            {
                // One instance: the provider's own wait is cheaper (a GET of one resource, not a list).
                yield return await WaitOneAsync(provider, pending[0], progress, cancellationToken).ConfigureAwait(false);
                yield break;
            }

            var total = pending.Count;
            var options = new WaitOptions($"wait for {total} instances to be ready", timeouts.InstanceReady, timeouts.PollInterval)
            {
                Activity = "Waiting for instances",
                TimeProvider = time,
                Pacer = provider is IPacedProvider paced ? paced.Pace : null,
            };
            var started = time.GetTimestamp();
            var atDeadline = false;
            var interval = options.InitialInterval;
            var states = new Dictionary<string, string>(StringComparer.Ordinal);
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var listed = new Dictionary<string, ProviderInstance>(StringComparer.Ordinal);
                await foreach (var instance in provider.ListInstancesAsync(null, cancellationToken).ConfigureAwait(false))
                {
                    listed[instance.Id] = instance;
                }

                var results = new List<ReadyResult>();
                foreach (var id in pending.ToArray())
                {
                    ProviderInstance? instance;
                    ReadyResult? outcome;
                    try
                    {
                        instance = listed.TryGetValue(id, out var found)
                            ? found
                            : await provider.GetInstanceAsync(id, cancellationToken).ConfigureAwait(false);
                        outcome = Judge(id, instance);
                    }
                    catch (ProviderException error) when (error.Kind == ProviderErrorKind.InvalidConfig || error.Kind == ProviderErrorKind.NotFound)
                    {
                        // This id's own problem (malformed, say): it fails alone instead of ending every other wait.
                        instance = null;
                        outcome = new ReadyResult(id, null, error);
                    }

                    if (outcome != null)
                    {
                        pending.Remove(id);
                        results.Add(outcome);
                    }
                    else
                    {
                        states[id] = instance!.Status.ToString();
                    }
                }

                var elapsed = time.GetElapsedTime(started);
                Waiter.Report(progress, options, $"{total - pending.Count} of {total} done", elapsed, pending.Count == 0);
                foreach (var result in results)
                {
                    yield return result;
                }

                if (pending.Count == 0)
                {
                    yield break;
                }

                var remaining = options.Timeout - elapsed;
                if (remaining <= TimeSpan.Zero || atDeadline)
                {
                    // As in Waiter: after the pause that ran to the deadline this was the last poll, even if the
                    // millisecond-rounded delay ended a sliver early.
                    var waited = elapsed > options.Timeout ? elapsed : options.Timeout;
                    foreach (var id in pending)
                    {
                        var timeout = ProviderException.Timeout($"wait for instance {id} to be ready (last state: {states[id]})", waited);
                        timeout.ResourceId = id;
                        timeout.Provider = provider.Name;
                        yield return new ReadyResult(id, null, timeout);
                    }

                    yield break;
                }

                var pause = Waiter.NextPause(interval, options);
                if (pause >= remaining)
                {
                    pause = remaining;
                    atDeadline = true;
                }

                await time.Delay(pause, cancellationToken).ConfigureAwait(false);
                interval = Waiter.Grow(interval, options);
            }
        }

        private static async Task<ReadyResult> WaitOneAsync(IProvider provider, string id, IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
        {
            try
            {
                var instance = await provider.WaitReadyAsync(id, progress, cancellationToken).ConfigureAwait(false);
                return new ReadyResult(id, instance, null);
            }
            catch (ProviderException error)
            {
                return new ReadyResult(id, null, error);
            }
        }

        // Null while the instance is still on its way; a result once it is ready or can never be.
        private static ReadyResult? Judge(string id, ProviderInstance? instance)
        {
            var decision = InstanceReadiness.Judge(id, instance);
            if (decision.Failure != null)
            {
                return new ReadyResult(id, instance, decision.Failure);
            }

            return decision.IsDone ? new ReadyResult(id, instance, null) : null;
        }
    }
}
