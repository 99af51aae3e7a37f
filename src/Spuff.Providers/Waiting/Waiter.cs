using System;
using System.Threading;
using System.Threading.Tasks;
using Spuff.Core;

namespace Spuff.Providers.Waiting
{
    /// <summary>
    /// The one polling loop: probe, decide, back off (soon at first, growing to a cap, with jitter), give up with
    /// a Timeout error carrying the elapsed time, fail fast on a terminal state, ride out a few transient poll
    /// failures in a row (<see cref="WaitOptions.ToleratedFailures"/>), report progress every round.
    /// </summary>
    public static class Waiter
    {
        [ThreadStatic]
        private static Random? _random;

        private static Random Random => _random ??= new Random(Guid.NewGuid().GetHashCode());

        /// <summary>The <see cref="OperationProgress.PercentComplete"/> of a wait that is not done: no share is known.</summary>
        public const int UnknownPercent = -1;

        public static async Task<T> WaitAsync<T>(
            Func<CancellationToken, Task<T>> probe,
            Func<T, WaitDecision> decide,
            WaitOptions options,
            IProgress<OperationProgress>? progress = null,
            CancellationToken cancellationToken = default)
        {
            var time = options.TimeProvider;
            var started = time.GetTimestamp();
            var interval = options.InitialInterval;
            var lastStatus = "not checked yet";
            var atDeadline = false;
            var failures = 0;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                T value;
                try
                {
                    value = await probe(cancellationToken).ConfigureAwait(false);
                    failures = 0;
                }
                catch (ProviderException error) when (IsTransient(error) && options.ToleratedFailures > 0 && !cancellationToken.IsCancellationRequested)
                {
                    failures++;
                    if (failures > options.ToleratedFailures)
                    {
                        throw Persisted(options.Operation, failures, error);
                    }

                    value = default!;
                    lastStatus = $"poll failed ({error.Message}); trying again";
                }

                var elapsed = time.GetElapsedTime(started);
                if (failures == 0)
                {
                    var decision = decide(value);
                    lastStatus = decision.Status;
                    Report(progress, options, lastStatus, elapsed, decision.IsDone, decision.Percent);
                    if (decision.Failure != null)
                    {
                        throw decision.Failure;
                    }

                    if (decision.IsDone)
                    {
                        return value;
                    }
                }
                else
                {
                    Report(progress, options, lastStatus, elapsed, false);
                }

                var remaining = options.Timeout - elapsed;
                if (remaining <= TimeSpan.Zero || atDeadline)
                {
                    // After the pause that ran to the deadline, this was the last poll. Delays count whole
                    // milliseconds and may end a sliver early: polling on in that sliver would spin without a pause.
                    throw TimedOut(options, elapsed > options.Timeout ? elapsed : options.Timeout, lastStatus);
                }

                var pause = NextPause(interval, options);
                if (pause >= remaining)
                {
                    pause = remaining;
                    atDeadline = true;
                }

                await time.Delay(pause, cancellationToken).ConfigureAwait(false);
                interval = Grow(interval, options);
            }
        }

        /// <summary>
        /// A failure that the next poll may not see: a 5xx (or a status-less API failure), a network failure or an
        /// HTTP timeout, a 429 that outlasted the HTTP retries. Everything else (not found, bad input, credentials)
        /// will not change by asking again.
        /// </summary>
        public static bool IsTransient(ProviderException error) =>
            error.Kind == ProviderErrorKind.Network || error.Kind == ProviderErrorKind.Timeout || error.Kind == ProviderErrorKind.RateLimit ||
            (error.Kind == ProviderErrorKind.Api && (error.StatusCode == null || error.StatusCode >= 500));

        /// <summary>The error a wait ends with when its polls kept failing: the last failure, saying that it persisted.</summary>
        public static ProviderException Persisted(string operation, int failures, ProviderException last) =>
            new ProviderException(last.Kind, $"{operation}: {failures} polls in a row failed, so the wait stopped. The last failure: {last.Message}", last)
            {
                Provider = last.Provider,
                StatusCode = last.StatusCode,
                ErrorCode = last.ErrorCode,
                RequestId = last.RequestId,
                ResourceType = last.ResourceType,
                ResourceId = last.ResourceId,
                ProviderRetryAfter = last.ProviderRetryAfter,
                Elapsed = last.Elapsed,
                Operation = last.Operation,
            };

        public static ProviderException TimedOut(WaitOptions options, TimeSpan elapsed, string lastStatus)
        {
            var error = ProviderException.Timeout($"{options.Operation} (last state: {lastStatus})", elapsed);
            error.ResourceId = options.TargetId;
            return error;
        }

        public static TimeSpan NextPause(TimeSpan interval, WaitOptions options)
        {
            var jitter = 1 + ((Random.NextDouble() * 2) - 1) * options.Jitter;
            var pause = TimeSpan.FromTicks((long)(interval.Ticks * jitter));
            return options.Pacer?.Invoke(pause) ?? pause;
        }

        public static TimeSpan Grow(TimeSpan interval, WaitOptions options) =>
            TimeSpan.FromTicks(Math.Min(options.MaxInterval.Ticks, (long)(interval.Ticks * options.BackoffFactor)));

        /// <summary>Reports one round. <paramref name="percent"/> is how far the provider says the operation is (Hetzner
        /// action progress, the ready share of a batch), kept below 100 until done.</summary>
        public static void Report(IProgress<OperationProgress>? progress, WaitOptions options, string status, TimeSpan elapsed, bool done, int? percent = null)
        {
            if (progress == null)
            {
                return;
            }

            // Without the provider's own figure a wait knows only the state: -1 (PowerShell's "unknown") until done.
            // The share of the timeout used is not progress; Elapsed and Timeout are there for whoever wants them.
            var reported = done ? 100 : percent.HasValue ? Math.Max(0, Math.Min(99, percent.Value)) : UnknownPercent;
            progress.Report(new OperationProgress(options.Activity, status, elapsed, options.Timeout, options.TargetId) { PercentComplete = reported });
        }
    }
}
