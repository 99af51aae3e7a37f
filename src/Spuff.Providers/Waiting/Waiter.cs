using System;
using System.Threading;
using System.Threading.Tasks;
using Spuff.Core;

namespace Spuff.Providers.Waiting
{
    /// <summary>
    /// The one polling loop: probe, decide, back off (soon at first, growing to a cap, with jitter), give up with
    /// a Timeout error carrying the elapsed time, fail fast on a terminal state, report progress every round.
    /// </summary>
    public static class Waiter
    {
        [ThreadStatic]
        private static Random? _random;

        private static Random Random => _random ??= new Random(Guid.NewGuid().GetHashCode());

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
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var value = await probe(cancellationToken).ConfigureAwait(false);
                var decision = decide(value);
                var elapsed = time.GetElapsedTime(started);
                lastStatus = decision.Status;
                Report(progress, options, lastStatus, elapsed, decision.IsDone);
                if (decision.Failure != null)
                {
                    throw decision.Failure;
                }

                if (decision.IsDone)
                {
                    return value;
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

        public static void Report(IProgress<OperationProgress>? progress, WaitOptions options, string status, TimeSpan elapsed, bool done)
        {
            if (progress == null)
            {
                return;
            }

            var percent = done ? 100 : options.Timeout > TimeSpan.Zero
                ? (int)Math.Min(99, 100 * elapsed.TotalMilliseconds / options.Timeout.TotalMilliseconds)
                : 0;
            progress.Report(new OperationProgress(options.Activity, status, elapsed, options.Timeout, options.TargetId) { PercentComplete = percent });
        }
    }
}
