namespace Spuff.PowerShell.Internal
{
    /// <summary>What the cmdlet was doing when an error happened; picks between error ids of one kind.</summary>
    public enum ErrorContext
    {
        Default,

        /// <summary>Waiting for readiness: a Timeout becomes WaitTimedOut (not ProviderTimeout).</summary>
        Wait,

        /// <summary>Working on snapshots: a NotFound becomes SnapshotNotFound.</summary>
        Snapshot,
    }
}
