using System;
using System.IO;

namespace Spuff.Core
{
    /// <summary>
    /// Where Spuff keeps the host keys it learnt: $env:SPUFF_KNOWN_HOSTS, else ~/.local/share/spuff/known_hosts
    /// (%LOCALAPPDATA%\spuff\known_hosts on Windows). The file is in OpenSSH's known_hosts format, so
    /// Connect-SpuffInstance hands it to ssh with -o UserKnownHostsFile.
    /// </summary>
    public static class KnownHostsLocation
    {
        public const string EnvironmentVariable = "SPUFF_KNOWN_HOSTS";

        public static string Default
        {
            get
            {
                var overridden = Environment.GetEnvironmentVariable(EnvironmentVariable);
                if (!string.IsNullOrWhiteSpace(overridden))
                {
                    return overridden!;
                }

                var windows = Path.DirectorySeparatorChar == '\\';
                var root = windows
                    ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
                    : Environment.GetEnvironmentVariable("XDG_DATA_HOME") is string xdg && xdg.Length > 0
                        ? xdg
                        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
                return Path.Combine(root, "spuff", "known_hosts");
            }
        }

        public static string Resolve(string? path) => string.IsNullOrWhiteSpace(path) ? Default : path!;
    }
}
