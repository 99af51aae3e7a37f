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

        public string? TargetId { get; }

        /// <summary>0–100 where the provider reports it; otherwise the share of the timeout used, or null.</summary>
        public int? PercentComplete { get; set; }
    }
}
