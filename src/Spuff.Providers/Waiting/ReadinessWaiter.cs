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
    /// Waits for one or many instances with polls that cost what the batch needs, not what the account holds
    /// (<see cref="IBatchReadiness"/>), and yields each instance as it becomes ready or fails. The rules of every
    /// readiness wait live here: grace after create, a few tolerated failed polls, states that cannot become ready
    /// by themselves end the wait, and polls as prompt as their cost allows (about a request a second).
    /// </summary>
    public static class ReadinessWaiter
    {
        public static IAsyncEnumerable<ReadyResult> WaitAllReadyAsync(
            IProvider provider,
            IReadOnlyCollection<string> ids,
            ProviderTimeouts timeouts,
            IProgress<OperationProgress>? progress = null,
            CancellationToken cancellationToken = default) =>
            WaitAllReadyAsync(provider, ids, timeouts, progress, null, cancellationToken);

        /// <summary>As above, for instances whose objects are known (piped in): their CreatedAt gives a fresh one the
        /// grace after create, and their labels let the provider narrow its poll to the batch.</summary>
        public static IAsyncEnumerable<ReadyResult> WaitAllReadyAsync(
            IProvider provider,
            IReadOnlyCollection<WaitTarget> targets,
            ProviderTimeouts timeouts,
            IProgress<OperationProgress>? progress = null,
            CancellationToken cancellationToken = default) =>
            WaitCoreAsync(provider, targets, timeouts, progress, null, cancellationToken);

        internal static IAsyncEnumerable<ReadyResult> WaitAllReadyAsync(
            IProvider provider,
            IReadOnlyCollection<string> ids,
            ProviderTimeouts timeouts,
            IProgress<OperationProgress>? progress,
            TimeProvider? time,
            CancellationToken cancellationToken) =>
            WaitCoreAsync(provider, ids.Select(id => new WaitTarget(id)).ToList(), timeouts, progress, time, cancellationToken);

        /// <summary>The body of a provider's WaitReadyAsync: the same rules for one instance (a GET per poll).</summary>
        internal static async Task<ProviderInstance> WaitOneAsync(IProvider provider, string id, ProviderTimeouts timeouts, IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
        {
            await foreach (var result in WaitCoreAsync(provider, new[] { new WaitTarget(id) }, timeouts, progress, null, cancellationToken).ConfigureAwait(false))
            {
                if (result.Error != null)
                {
                    throw result.Error;
                }

                return result.Instance!;
            }

            throw ProviderException.NotFound("instance", id);
        }

        private static async IAsyncEnumerable<ReadyResult> WaitCoreAsync(
            IProvider provider,
            IReadOnlyCollection<WaitTarget> targets,
            ProviderTimeouts timeouts,
            IProgress<OperationProgress>? progress,
            TimeProvider? clock,
            [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var pending = targets.Where(t => t != null && seen.Add(t.Id)).ToList();
            if (pending.Count == 0)
            {
                yield break;
            }

            var source = provider as IBatchReadiness;
            if (source == null && pending.Count == 1)
            {
                // No rules to apply: the provider's own wait is cheaper (a GET of one resource, not a list).
                yield return await ProvidersOwnWaitAsync(provider, pending[0].Id, progress, cancellationToken).ConfigureAwait(false);
                yield break;
            }

            var rules = source?.ReadinessRules;
            var time = clock ?? rules?.Time ?? TimeProvider.System;
            var total = pending.Count;
            var single = total == 1 ? pending[0].Id : null;
            var prompt = WaitOptions.PromptInterval(timeouts);
            var options = new WaitOptions(
                single != null ? $"wait for instance {single} to be ready" : $"wait for {total} instances to be ready",
                timeouts.InstanceReady,
                timeouts.PollInterval > prompt ? timeouts.PollInterval : prompt)
            {
                Activity = single != null ? "Waiting for instance" : "Waiting for instances",
                TargetId = single,
                TimeProvider = time,
                Jitter = 0.1,
                ToleratedFailures = WaitOptions.DefaultToleratedFailures,
                Pacer = rules?.Pacer ?? (provider is IPacedProvider paced ? paced.Pace : null),
            };
            var started = time.GetTimestamp();
            var atDeadline = false;
            var failures = 0;
            var states = new Dictionary<string, string>(StringComparer.Ordinal);
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var results = new List<ReadyResult>();
                var requests = 1;
                string? pollFailure = null;
                try
                {
                    var poll = source != null
                        ? await source.PollAsync(pending, single == null, cancellationToken).ConfigureAwait(false)
                        : await BatchPolls.ListAllAsync(provider, pending, cancellationToken).ConfigureAwait(false);
                    requests = Math.Max(1, poll.Requests);
                    var judged = new List<(WaitTarget Target, ProviderInstance? Instance, WaitDecision Decision, ProviderException? Own)>();
                    foreach (var target in pending)
                    {
                        if (poll.Failed.TryGetValue(target.Id, out var own))
                        {
                            judged.Add((target, null, default, own));
                            continue;
                        }

                        poll.Found.TryGetValue(target.Id, out var instance);
                        var decision = rules != null
                            ? await InstanceReadiness.JudgeAsync(target.Id, instance, rules, target.Known?.CreatedAt, cancellationToken).ConfigureAwait(false)
                            : InstanceReadiness.Judge(target.Id, instance);
                        judged.Add((target, instance, decision, null));
                    }

                    failures = 0;
                    foreach (var (target, instance, decision, own) in judged)
                    {
                        if (instance != null)
                        {
                            target.Known = instance;
                        }

                        if (own != null || decision.Failure != null || decision.IsDone)
                        {
                            pending.Remove(target);
                            states.Remove(target.Id);
                            results.Add(new ReadyResult(target.Id, decision.IsDone ? instance : null, own ?? decision.Failure));
                        }
                        else
                        {
                            states[target.Id] = decision.Status;
                        }
                    }
                }
                catch (ProviderException error) when (Waiter.IsTransient(error) && !cancellationToken.IsCancellationRequested)
                {
                    // One failed poll (a 500, a dropped connection) does not end a wait of minutes; several in a row do.
                    failures++;
                    if (failures > options.ToleratedFailures)
                    {
                        throw Waiter.Persisted(options.Operation, failures, error);
                    }

                    pollFailure = $"poll failed ({error.Message}); trying again";
                }

                var elapsed = time.GetElapsedTime(started);
                Waiter.Report(progress, options, Describe(single, total, pending.Count, states, pollFailure), elapsed, pending.Count == 0, single != null || total == 0 ? (int?)null : 100 * (total - pending.Count) / total);
                foreach (var result in results)
                {
                    if (result.Error != null)
                    {
                        result.Error.Provider ??= provider.Name;
                    }

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
                    foreach (var target in pending)
                    {
                        var last = states.TryGetValue(target.Id, out var state) ? state : pollFailure ?? "not checked yet";
                        var timeout = ProviderException.Timeout($"wait for instance {target.Id} to be ready (last state: {last})", waited);
                        timeout.ResourceId = target.Id;
                        timeout.Provider = provider.Name;
                        yield return new ReadyResult(target.Id, null, timeout);
                    }

                    yield break;
                }

                // A poll of k requests waits k prompt intervals, so a wait spends about a request a second
                // (never more than the poll interval apart); the rate budget may stretch it further.
                var interval = TimeSpan.FromTicks(Math.Min(options.MaxInterval.Ticks, prompt.Ticks * requests));
                var pause = Waiter.NextPause(interval, options);
                if (pause >= remaining)
                {
                    pause = remaining;
                    atDeadline = true;
                }

                await time.Delay(pause, cancellationToken).ConfigureAwait(false);
            }
        }

        // "initializing" for one instance; "3 of 20 done (15 initializing, 2 not visible yet)" for a batch.
        private static string Describe(string? single, int total, int pending, Dictionary<string, string> states, string? pollFailure)
        {
            if (pollFailure != null)
            {
                return single != null ? pollFailure : $"{total - pending} of {total} done; {pollFailure}";
            }

            if (single != null)
            {
                return pending == 0 ? "ready" : states.TryGetValue(single, out var state) ? state : "waiting";
            }

            var text = $"{total - pending} of {total} done";
            if (pending == 0 || states.Count == 0)
            {
                return text;
            }

            var groups = states.Values
                .Select(s => s.StartsWith("not visible yet", StringComparison.Ordinal) ? "not visible yet" : s)
                .GroupBy(s => s, StringComparer.Ordinal)
                .OrderByDescending(g => g.Count())
                .Select(g => $"{g.Count()} {g.Key}");
            return $"{text} ({string.Join(", ", groups)})";
        }

        private static async Task<ReadyResult> ProvidersOwnWaitAsync(IProvider provider, string id, IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
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
    }
}
