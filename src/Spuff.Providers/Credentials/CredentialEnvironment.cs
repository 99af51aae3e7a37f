using System;
using System.IO;
using System.Runtime.InteropServices;

namespace Spuff.Providers.Credentials
{
    /// <summary>
    /// What the credential lookup reads: environment variables, the home and per-user config folders, files.
    /// <see cref="Current"/> is the real process; tests pass their own so no real home is ever read.
    /// </summary>
    public sealed class CredentialEnvironment
    {
        public CredentialEnvironment(Func<string, string?> variable, string? home, bool isWindows)
        {
            Variable = variable ?? throw new ArgumentNullException(nameof(variable));
            Home = home;
            IsWindows = isWindows;
        }

        /// <summary>The running process: its environment, $HOME (UserProfile), and its platform.</summary>
        public static CredentialEnvironment Current => new CredentialEnvironment(
            Environment.GetEnvironmentVariable,
            HomeOf(),
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows));

        /// <summary>Reads one environment variable (null when unset).</summary>
        public Func<string, string?> Variable { get; }

        /// <summary>The user's home folder, or null when there is none (a service account without a profile).</summary>
        public string? Home { get; }

        public bool IsWindows { get; }

        /// <summary>A variable's value when it is set to something other than white space, trimmed; else null.</summary>
        public string? NonEmpty(string name)
        {
            var value = Variable(name);
            return string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
        }

        /// <summary>A path below the home folder, or null without one.</summary>
        public string? UnderHome(params string[] parts)
        {
            if (Home == null)
            {
                return null;
            }

            var path = Home;
            foreach (var part in parts)
            {
                path = Path.Combine(path, part);
            }

            return path;
        }

        /// <summary>The text of a file, or null when it does not exist or cannot be read (credentials are best
        /// effort: a file we cannot read is a source we do not have, never a failure of the command).</summary>
        public static string? ReadText(string? path)
        {
            if (path == null)
            {
                return null;
            }

            try
            {
                var info = new FileInfo(path);

                // A config file is a few KiB; anything large is not one (and /dev/zero must not be read).
                if (!info.Exists || info.Length > 1024 * 1024)
                {
                    return null;
                }

                return File.ReadAllText(path);
            }
            catch (Exception error) when (error is IOException || error is UnauthorizedAccessException || error is NotSupportedException || error is ArgumentException)
            {
                return null;
            }
        }

        private static string? HomeOf()
        {
            // On Unix .NET answers $HOME (falling back to the passwd entry), which is what the CLIs use too
            // and what tests point at a temporary folder.
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return string.IsNullOrEmpty(home) ? null : home;
        }
    }
}
