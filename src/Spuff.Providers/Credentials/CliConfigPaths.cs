using System;
using System.IO;

namespace Spuff.Providers.Credentials
{
    /// <summary>Where the official CLIs keep their config files, the way each CLI finds them.</summary>
    internal static class CliConfigPaths
    {
        /// <summary>hcloud: $HCLOUD_CONFIG, else %APPDATA%\hcloud\cli.toml on Windows and ~/.config/hcloud/cli.toml
        /// elsewhere (macOS included; hcloud does not use XDG_CONFIG_HOME).</summary>
        public static string? Hcloud(CredentialEnvironment environment)
        {
            var configured = environment.NonEmpty("HCLOUD_CONFIG");
            if (configured != null)
            {
                return configured;
            }

            if (environment.IsWindows)
            {
                var appData = environment.NonEmpty("APPDATA");
                return appData == null ? null : Path.Combine(appData, "hcloud", "cli.toml");
            }

            return environment.UnderHome(".config", "hcloud", "cli.toml");
        }

        /// <summary>doctl: $DIGITALOCEAN_CONFIG (its --config), else Go's os.UserConfigDir()/doctl/config.yaml:
        /// %APPDATA% on Windows, ~/Library/Application Support on macOS, $XDG_CONFIG_HOME or ~/.config elsewhere.</summary>
        public static string? Doctl(CredentialEnvironment environment)
        {
            var configured = environment.NonEmpty("DIGITALOCEAN_CONFIG");
            if (configured != null)
            {
                return configured;
            }

            string? folder;
            if (environment.IsWindows)
            {
                folder = environment.NonEmpty("APPDATA");
            }
            else if (IsMacOs())
            {
                folder = environment.UnderHome("Library", "Application Support");
            }
            else
            {
                folder = environment.NonEmpty("XDG_CONFIG_HOME") ?? environment.UnderHome(".config");
            }

            return folder == null ? null : Path.Combine(folder, "doctl", "config.yaml");
        }

        /// <summary>A path as the user would write it: ~/... below the home folder.</summary>
        public static string Display(string path, CredentialEnvironment environment)
        {
            var home = environment.Home;
            if (home != null && path.StartsWith(home.TrimEnd('/', '\\') + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                return "~" + path.Substring(home.TrimEnd('/', '\\').Length).Replace('\\', '/');
            }

            return path;
        }

        private static bool IsMacOs() =>
            System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.OSX);
    }
}
