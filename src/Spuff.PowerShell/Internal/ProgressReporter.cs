using System;
using System.Globalization;
using System.Management.Automation;
using System.Threading;
using Spuff.Core;

namespace Spuff.PowerShell.Internal
{
    /// <summary>
    /// Turns provider progress into a progress bar of the calling cmdlet (replayed on the pipeline thread, so
    /// -ProgressAction and $ProgressPreference apply as to any cmdlet).
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>The percentage is the provider's own (Hetzner action progress, instances of a batch that are ready);
    /// without one the bar shows the activity, the state and the time against the timeout, and no percentage.</item>
    /// <item>The activity names the target (the cmdlet passes "Waiting for web-1 (123)", "Creating snapshot golden"),
    /// so a provider's action id never stands in for a name.</item>
    /// <item>Records are written with source id 0, the one <c>Write-Progress</c> uses, and an activity id from a
    /// range no script uses (<see cref="ActivityIdBase"/> and up, one per operation), so a bar never replaces the
    /// caller's and can nest under it: with <c>$SpuffProgressParentId</c> set to the caller's
    /// <c>Write-Progress -Id</c>, Spuff's bars are its children. (PowerShell has no way for a cmdlet to find the bar
    /// its caller shows, and the console host nests a bar only under a parent of the same source id.)</item>
    /// </list>
    /// </remarks>
    internal sealed class ProgressReporter : IProgress<OperationProgress>
    {
        /// <summary>The first activity id Spuff uses ('Sp' in the high bytes): far above the small ids scripts pick.</summary>
        internal const int ActivityIdBase = 0x53700000;

        /// <summary>The variable a caller sets to its own Write-Progress -Id to nest Spuff's bars under it.</summary>
        internal const string ParentVariable = "SpuffProgressParentId";

        private static int _nextActivityId = ActivityIdBase;
        private readonly SpuffCmdlet _cmdlet;
        private readonly TimeSpan? _timeout;
        private readonly int _activityId = Interlocked.Increment(ref _nextActivityId);
        private readonly int _parentActivityId;
        private readonly string _activity;
        private bool _started;

        public ProgressReporter(SpuffCmdlet cmdlet, string activity, TimeSpan? timeout)
        {
            _cmdlet = cmdlet;
            _activity = activity;
            _timeout = timeout;
            _parentActivityId = cmdlet.ProgressParentActivityId;
        }

        public int ActivityId => _activityId;

        public void Report(OperationProgress value)
        {
            var status = string.IsNullOrEmpty(value.Status) ? "working" : value.Status;
            var timeout = value.Timeout ?? _timeout;
            var time = timeout.HasValue && timeout.Value > TimeSpan.Zero
                ? string.Format(CultureInfo.InvariantCulture, "{0:0} s of {1:0} s", value.Elapsed.TotalSeconds, timeout.Value.TotalSeconds)
                : string.Format(CultureInfo.InvariantCulture, "{0:0} s", value.Elapsed.TotalSeconds);
            var record = new ProgressRecord(_activityId, _activity, $"{status} ({time})")
            {
                PercentComplete = value.PercentComplete.HasValue && value.PercentComplete.Value >= 0 ? Math.Min(100, value.PercentComplete.Value) : -1,
                ParentActivityId = _parentActivityId,
            };
            _started = true;
            _cmdlet.Post(() => Write(record));
        }

        /// <summary>Removes the bar.</summary>
        public void Complete()
        {
            if (!_started)
            {
                return;
            }

            var record = new ProgressRecord(_activityId, _activity, "done")
            {
                RecordType = ProgressRecordType.Completed,
                ParentActivityId = _parentActivityId,
            };
            _cmdlet.Post(() => Write(record));
        }

        private void Write(ProgressRecord record)
        {
            // The runtime applies -ProgressAction / $ProgressPreference here, as for WriteProgress(record).
            if (_cmdlet.CommandRuntime is ICommandRuntime runtime)
            {
                runtime.WriteProgress(0, record);
            }
            else
            {
                _cmdlet.WriteProgress(record);
            }
        }

        /// <summary>The caller's $SpuffProgressParentId as a non-negative activity id, or -1. Pipeline thread only.</summary>
        internal static int ReadParent(PSCmdlet cmdlet)
        {
            try
            {
                var value = cmdlet.SessionState?.PSVariable.GetValue(ParentVariable);
                return value != null && LanguagePrimitives.TryConvertTo(value, CultureInfo.InvariantCulture, out int parent) && parent >= 0 ? parent : -1;
            }
            catch (Exception)
            {
                // No session state (a cmdlet invoked from C#): no parent.
                return -1;
            }
        }
    }
}
