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

        /// <summary>Stretches a pause when the provider's rate budget runs low (see RateLimitTracker).</summary>
        public Func<TimeSpan, TimeSpan>? Pacer { get; set; }

        public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

        public static WaitOptions ForReady(ProviderTimeouts timeouts, string id) =>
            new WaitOptions($"wait for instance {id} to be ready", timeouts.InstanceReady, timeouts.PollInterval)
            {
                Activity = "Waiting for instance",
                TargetId = id,
            };

        public static WaitOptions ForAction(ProviderTimeouts timeouts, string what, string id) =>
            new WaitOptions($"wait for {what} {id}", timeouts.ActionComplete, timeouts.PollInterval)
            {
                Activity = "Waiting for " + what,
                TargetId = id,
            };
    }
}
