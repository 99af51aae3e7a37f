using System;

namespace Spuff.Core
{
    /// <summary>
    /// What one command run on one instance gave back (Invoke-SpuffCommand). A non-zero <see cref="ExitCode"/> is
    /// the command's own failure, not Spuff's: the result is still complete.
    /// </summary>
    public sealed class CommandResult
    {
        public CommandResult(ProviderInstance instance, string command, int exitCode, string stdOut, string stdErr, TimeSpan duration)
        {
            Instance = instance ?? throw new ArgumentNullException(nameof(instance));
            Command = command ?? string.Empty;
            ExitCode = exitCode;
            StdOut = stdOut ?? string.Empty;
            StdErr = stdErr ?? string.Empty;
            Duration = duration;
        }

        /// <summary>The instance the command ran on (so the result pipes into Remove-SpuffInstance by its Id and Provider).</summary>
        public ProviderInstance Instance { get; }

        public string InstanceId => Instance.Id;

        public string Id => Instance.Id;

        public string Name => Instance.Name;

        public string Provider => Instance.Provider;

        public string? Region => Instance.Region;

        /// <summary>The command line as it was sent to the remote shell.</summary>
        public string Command { get; }

        /// <summary>The remote process's exit status; -1 when it ended without one (killed by a signal).</summary>
        public int ExitCode { get; }

        /// <summary>Standard output, decoded as UTF-8, unchanged (trailing newline included).</summary>
        public string StdOut { get; }

        public string StdErr { get; }

        /// <summary>From the start of the command (after the connection was made) to its exit.</summary>
        public TimeSpan Duration { get; }

        public bool Succeeded => ExitCode == 0;

        public override string ToString() => StdOut;
    }
}
