using System;
using Spuff.Core;

namespace Spuff.Providers.Waiting
{
    /// <summary>How one wait polls: overall timeout, first and longest pause, and an optional rate-limit pacer.</summary>
    public sealed class WaitOptions
    {
        public WaitOptions(string operation, TimeSpan timeout, TimeSpan maxInterval)
        {
            Operation = operation;
            Timeout = timeout;
            MaxInterval = maxInterval <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(1) : maxInterval;
            InitialInterval = TimeSpan.FromTicks(Math.Min(MaxInterval.Ticks, TimeSpan.FromSeconds(1).Ticks));
        }

        /// <summary>Named in the Timeout error ("wait for instance 123 to be ready").</summary>
        public string Operation { get; }

        /// <summary>Progress activity ("Waiting for instance").</summary>
        public string Activity { get; set; } = "Waiting";

        public string? TargetId { get; set; }

        public TimeSpan Timeout { get; }

        /// <summary>The first pause; pauses then grow by <see cref="BackoffFactor"/> up to <see cref="MaxInterval"/>.</summary>
        public TimeSpan InitialInterval { get; set; }

        public TimeSpan MaxInterval { get; }

        public double BackoffFactor { get; set; } = 1.6;

        /// <summary>± share of each pause randomised, so many waiters do not poll in lockstep.</summary>
        public double Jitter { get; set; } = 0.2;

        /// <summary>
        /// Failed polls in a row (a 5xx, a network failure or timeout, a 429 after the HTTP retries) that the wait
        /// rides out before it fails with the last error; 0 fails at the first. Only for probes that are safe to
        /// repeat (GETs): a POST that failed with a 5xx may have run.
        /// </summary>
        public int ToleratedFailures { get; set; }

        /// <summary>Stretches a pause when the provider's rate budget runs low (see RateLimitTracker).</summary>
        public Func<TimeSpan, TimeSpan>? Pacer { get; set; }

        public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

        /// <summary>Failed polls in a row a readiness or action wait rides out (godo tolerates three too).</summary>
        public const int DefaultToleratedFailures = 3;

        /// <summary>
        /// The pause between polls that cost one request each: a second (or the poll interval when that is shorter),
        /// so readiness is seen within about a second of the transition while a wait spends about a request a second.
        /// The rate-budget pacer stretches it when the budget runs low.
        /// </summary>
        public static TimeSpan PromptInterval(ProviderTimeouts timeouts) =>
            timeouts.PollInterval < TimeSpan.FromSeconds(1) ? timeouts.PollInterval : TimeSpan.FromSeconds(1);

        /// <summary>A single-instance readiness wait: one GET per poll at <see cref="PromptInterval"/>, without backoff.</summary>
        public static WaitOptions ForReady(ProviderTimeouts timeouts, string id) =>
            new WaitOptions($"wait for instance {id} to be ready", timeouts.InstanceReady, PromptInterval(timeouts))
            {
                Activity = "Waiting for instance",
                TargetId = id,
                Jitter = 0.1,
                ToleratedFailures = DefaultToleratedFailures,
            };

        /// <summary>An action wait (a GET per poll, backing off to the poll interval: actions take minutes).</summary>
        public static WaitOptions ForAction(ProviderTimeouts timeouts, string what, string id) =>
            new WaitOptions($"wait for {what} {id}", timeouts.ActionComplete, timeouts.PollInterval)
            {
                Activity = "Waiting for " + what,
                TargetId = id,
                ToleratedFailures = DefaultToleratedFailures,
            };
    }
}
