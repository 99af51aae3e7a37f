using System;

namespace Spuff.Core
{
    /// <summary>What a long operation reports while it runs; the cmdlets turn it into a progress bar.</summary>
    public sealed class OperationProgress
    {
        public OperationProgress(string activity, string status, TimeSpan elapsed, TimeSpan? timeout = null, string? targetId = null)
        {
            Activity = activity;
            Status = status;
            Elapsed = elapsed;
            Timeout = timeout;
            TargetId = targetId;
        }

        /// <summary>"Waiting for instance", "Creating snapshot", "Pulling image".</summary>
        public string Activity { get; }

        /// <summary>The latest state in words ("new", "in-progress", "3 of 5 ready").</summary>
        public string Status { get; }

        public TimeSpan Elapsed { get; }

        public TimeSpan? Timeout { get; }

        /// <summary>The provider's id of what is waited for (an instance, or an action such as a snapshot's). The cmdlet
        /// names the target in its activity; this id is for logs and tests.</summary>
        public string? TargetId { get; }

        /// <summary>0–100 where the provider reports how far the operation is (Hetzner action progress, a batch of
        /// instances of which some are ready, 100 when done); otherwise -1 (unknown) or null. Never the share of the timeout used:
        /// that is not progress (a default wait would end at about 5%).</summary>
        public int? PercentComplete { get; set; }
    }
}
