using System;
using System.IO;

namespace Spuff.Providers.Ssh
{
    /// <summary>
    /// What <see cref="Probe"/> said about cloud-init on one machine. <c>cloud-init status</c> prints
    /// "status: running|done|error|disabled|not started" (exit 0, 1 on error, 2 on recoverable errors with
    /// "done"); machines without cloud-init get Spuff's own answers (boot-finished marker, Docker user data).
    /// </summary>
    public readonly struct CloudInitStatus
    {
        /// <summary>One shell line, POSIX sh. Docker containers have no cloud-init: there the user-data script
        /// Spuff ran at start (its exit status file) stands in for it, and no user data at all is "not-installed".</summary>
        public const string Probe =
            "if command -v cloud-init >/dev/null 2>&1; then cloud-init status; exit $?; fi; " +
            "if [ -f /var/lib/cloud/instance/boot-finished ]; then echo 'status: done'; exit 0; fi; " +
            "if [ -f /var/lib/spuff/user-data.exit ]; then c=$(cat /var/lib/spuff/user-data.exit); " +
            "if [ \"$c\" = 0 ]; then echo 'status: done'; exit 0; fi; echo 'status: error'; echo \"detail: the user-data script exited with $c\"; exit 1; fi; " +
            "if [ -f /var/lib/spuff/user-data ]; then echo 'status: running'; exit 0; fi; " +
            "echo 'status: not-installed'; exit 0";

        /// <summary>cloud-init's own long status and the tail of its output log (or of Spuff's user-data log on Docker).</summary>
        public const string Details =
            "if command -v cloud-init >/dev/null 2>&1; then cloud-init status --long 2>&1; fi; " +
            "for f in /var/log/cloud-init-output.log /var/log/spuff-user-data.log; do " +
            "if [ -f \"$f\" ]; then echo \"--- last 25 lines of $f\"; tail -n 25 \"$f\"; break; fi; done; true";

        public CloudInitStatus(string state, int exitCode, string output)
        {
            State = state;
            ExitCode = exitCode;
            Output = output;
        }

        /// <summary>running, done, error, disabled, not started, not-installed, … (lower case).</summary>
        public string State { get; }

        public int ExitCode { get; }

        public string Output { get; }

        public bool IsDone => State == "done" || State == "disabled" || State == "not-installed";

        public bool IsError => State == "error" || (ExitCode == 1 && State != "running");

        /// <summary>Exit 2: done, with recoverable errors (cloud-init 23.4+ "degraded done").</summary>
        public bool IsDegraded => ExitCode == 2;

        public static CloudInitStatus Parse(int exitCode, string stdout)
        {
            var state = "unknown";
            using (var reader = new StringReader(stdout ?? string.Empty))
            {
                string? line;
                while ((line = reader.ReadLine()) != null)
                {
                    var trimmed = line.Trim();
                    if (trimmed.StartsWith("status:", StringComparison.OrdinalIgnoreCase))
                    {
                        state = trimmed.Substring("status:".Length).Trim().ToLowerInvariant();
                        break;
                    }
                }
            }

            return new CloudInitStatus(state, exitCode, stdout ?? string.Empty);
        }
    }
}
