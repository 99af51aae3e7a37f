using System;
using System.Management.Automation;
using System.Threading;
using Spuff.Core;

namespace Spuff.PowerShell.Internal
{
    /// <summary>Turns provider progress into a progress bar of the calling cmdlet (replayed on the pipeline thread).</summary>
    internal sealed class ProgressReporter : IProgress<OperationProgress>
    {
        private static int _nextActivityId;
        private readonly SpuffCmdlet _cmdlet;
        private readonly TimeSpan? _timeout;
        private readonly int _activityId = Interlocked.Increment(ref _nextActivityId);
        private readonly string _activity;
        private bool _started;

        public ProgressReporter(SpuffCmdlet cmdlet, string activity, TimeSpan? timeout)
        {
            _cmdlet = cmdlet;
            _activity = activity;
            _timeout = timeout;
        }

        public void Report(OperationProgress value)
        {
            var status = string.IsNullOrEmpty(value.Status) ? "working" : value.Status;
            if (!string.IsNullOrEmpty(value.TargetId) && status.IndexOf(value.TargetId!, StringComparison.Ordinal) < 0)
            {
                status = $"{value.TargetId}: {status}";
            }

            var record = new ProgressRecord(_activityId, _activity, $"{status} ({value.Elapsed.TotalSeconds:0} s)")
            {
                PercentComplete = Percent(value),
            };
            _started = true;
            _cmdlet.Post(() => _cmdlet.WriteProgress(record));
        }

        /// <summary>Removes the bar.</summary>
        public void Complete()
        {
            if (!_started)
            {
                return;
            }

            var record = new ProgressRecord(_activityId, _activity, "done") { RecordType = ProgressRecordType.Completed };
            _cmdlet.Post(() => _cmdlet.WriteProgress(record));
        }

        private int Percent(OperationProgress value)
        {
            if (value.PercentComplete.HasValue)
            {
                return Math.Max(0, Math.Min(100, value.PercentComplete.Value));
            }

            var timeout = value.Timeout ?? _timeout;
            if (timeout.HasValue && timeout.Value > TimeSpan.Zero)
            {
                return (int)Math.Max(0, Math.Min(99, value.Elapsed.TotalMilliseconds * 100 / timeout.Value.TotalMilliseconds));
            }

            return -1;
        }
    }
}
