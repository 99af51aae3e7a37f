using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Spuff.Core;

namespace Spuff.Providers.Credentials
{
    /// <summary>
    /// Tells which step of the AWS SDK's default credential chain will answer, without loading the SDK (it is
    /// loaded only when an AWS provider is made). The SDK (v4) walks: environment keys, web identity, the profile
    /// ($AWS_PROFILE or "default") from ~/.aws/credentials and ~/.aws/config (keys, SSO, credential_process, role
    /// assumption), container credentials, the EC2 instance role. Only the description is returned, never a key;
    /// the SDK itself reads the credentials when the provider is made.
    /// </summary>
    internal static class AwsCredentialProbe
    {
        // Keys that make a profile able to produce credentials; a profile with only "region" does not.
        private static readonly string[] CredentialKeys =
        {
            "aws_access_key_id", "credential_process", "role_arn", "sso_session", "sso_start_url", "sso_account_id",
            "web_identity_token_file", "login_session",
        };

        public static FoundCredential Find(string? profileName, CredentialEnvironment environment)
        {
            if (!string.IsNullOrWhiteSpace(profileName))
            {
                return Profile(profileName!.Trim(), "-ProfileName", environment) ?? Found($"AWS profile '{profileName!.Trim()}' (-ProfileName; not in {Files(environment)})");
            }

            if (environment.NonEmpty("AWS_ACCESS_KEY_ID") != null && environment.NonEmpty("AWS_SECRET_ACCESS_KEY") != null)
            {
                return Found("$env:AWS_ACCESS_KEY_ID");
            }

            if (environment.NonEmpty("AWS_WEB_IDENTITY_TOKEN_FILE") != null && environment.NonEmpty("AWS_ROLE_ARN") != null)
            {
                return Found("web identity ($env:AWS_WEB_IDENTITY_TOKEN_FILE, $env:AWS_ROLE_ARN)");
            }

            var named = environment.NonEmpty("AWS_PROFILE");
            if (named != null)
            {
                // The SDK stops at a named profile it cannot find; so does Spuff, with the SDK's own error.
                return Profile(named, "$env:AWS_PROFILE", environment) ?? Found($"AWS profile '{named}' ($env:AWS_PROFILE; not in {Files(environment)})");
            }

            var profile = Profile("default", null, environment);
            if (profile != null)
            {
                return profile;
            }

            if (environment.NonEmpty("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") != null)
            {
                return Found("container credentials ($env:AWS_CONTAINER_CREDENTIALS_RELATIVE_URI)");
            }

            if (environment.NonEmpty("AWS_CONTAINER_CREDENTIALS_FULL_URI") != null)
            {
                return Found("container credentials ($env:AWS_CONTAINER_CREDENTIALS_FULL_URI)");
            }

            if (!string.Equals(environment.NonEmpty("AWS_EC2_METADATA_DISABLED"), "true", StringComparison.OrdinalIgnoreCase) && IsEc2(environment))
            {
                return Found("EC2 instance role (instance metadata)");
            }

            return new FoundCredential(ProviderType.Aws, null);
        }

        private static FoundCredential? Profile(string name, string? via, CredentialEnvironment environment)
        {
            var prefix = via == null ? string.Empty : via + ", ";
            var credentials = CredentialsFile(environment);
            if (HasCredentials(credentials, name, isConfig: false))
            {
                return Found($"AWS profile '{name}' ({prefix}{CliConfigPaths.Display(credentials!, environment)})");
            }

            var config = ConfigFile(environment);
            if (HasCredentials(config, name, isConfig: true))
            {
                return Found($"AWS profile '{name}' ({prefix}{CliConfigPaths.Display(config!, environment)})");
            }

            if (environment.IsWindows && InSdkStore(name, environment))
            {
                return Found($"AWS profile '{name}' ({prefix}AWS SDK store)");
            }

            return null;
        }

        /// <summary>The region the AWS provider would use: $AWS_REGION, $AWS_DEFAULT_REGION, the profile's
        /// <c>region</c> in ~/.aws/config, else the SDK-independent fallback (as AwsClients does).</summary>
        public static string Region(string? profileName, CredentialEnvironment environment, string fallback)
        {
            var fromVariables = environment.NonEmpty("AWS_REGION") ?? environment.NonEmpty("AWS_DEFAULT_REGION");
            if (fromVariables != null)
            {
                return fromVariables;
            }

            var name = string.IsNullOrWhiteSpace(profileName) ? environment.NonEmpty("AWS_PROFILE") ?? "default" : profileName!.Trim();
            var text = CredentialEnvironment.ReadText(ConfigFile(environment));
            if (text != null)
            {
                var section = name == "default" ? new[] { "default", "profile default" } : new[] { "profile " + name };
                string? current = null;
                foreach (var raw in text.Replace("\r\n", "\n").Split('\n'))
                {
                    var line = raw.Trim();
                    if (line.StartsWith("[", StringComparison.Ordinal))
                    {
                        var end = line.IndexOf(']');
                        current = end > 0 ? Regex.Replace(line.Substring(1, end - 1).Trim(), @"\s+", " ") : null;
                        continue;
                    }

                    var equals = line.IndexOf('=');
                    if (current != null && section.Contains(current) && equals > 0 && raw.Length > 0 && !char.IsWhiteSpace(raw[0]) &&
                        string.Equals(line.Substring(0, equals).Trim(), "region", StringComparison.OrdinalIgnoreCase))
                    {
                        var value = line.Substring(equals + 1).Trim();
                        if (value.Length > 0)
                        {
                            return value;
                        }
                    }
                }
            }

            return fallback;
        }

        private static string? CredentialsFile(CredentialEnvironment environment) =>
            environment.NonEmpty("AWS_SHARED_CREDENTIALS_FILE") ?? environment.UnderHome(".aws", "credentials");

        private static string? ConfigFile(CredentialEnvironment environment) =>
            environment.NonEmpty("AWS_CONFIG_FILE") ?? environment.UnderHome(".aws", "config");

        private static string Files(CredentialEnvironment environment)
        {
            var credentials = CredentialsFile(environment);
            var config = ConfigFile(environment);
            return string.Join(" or ", new[] { credentials, config }.Where(p => p != null).Select(p => CliConfigPaths.Display(p!, environment)));
        }

        /// <summary>Whether the INI file has the profile's section with a key that yields credentials. In the
        /// config file a profile is [profile NAME] (the default also [default]); in the credentials file [NAME].</summary>
        internal static bool HasCredentials(string? path, string name, bool isConfig)
        {
            var text = CredentialEnvironment.ReadText(path);
            if (text == null)
            {
                return false;
            }

            var sections = Ini(text);
            var candidates = isConfig
                ? (name == "default" ? new[] { "default", "profile default" } : new[] { "profile " + name })
                : new[] { name };
            foreach (var candidate in candidates)
            {
                if (sections.TryGetValue(candidate, out var keys) && CredentialKeys.Any(keys.Contains))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Section name (inner spaces collapsed) → its keys, lower case. Values are never kept.</summary>
        internal static Dictionary<string, HashSet<string>> Ini(string text)
        {
            var sections = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            HashSet<string>? current = null;
            foreach (var raw in text.Replace("\r\n", "\n").Split('\n'))
            {
                var line = raw.Trim();
                if (line.Length == 0 || line[0] == '#' || line[0] == ';')
                {
                    continue;
                }

                if (line[0] == '[')
                {
                    var end = line.IndexOf(']');
                    var header = end > 0 ? Regex.Replace(line.Substring(1, end - 1).Trim(), @"\s+", " ") : null;
                    if (header == null)
                    {
                        current = null;
                        continue;
                    }

                    if (!sections.TryGetValue(header, out current))
                    {
                        current = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                        sections[header] = current;
                    }

                    continue;
                }

                // Indented lines continue a nested value (s3 = ...); they are not keys of the profile.
                var equals = line.IndexOf('=');
                if (current != null && equals > 0 && raw.Length > 0 && !char.IsWhiteSpace(raw[0]))
                {
                    var value = line.Substring(equals + 1).Trim();
                    if (value.Length > 0 || line.Substring(0, equals).Trim().Length > 0)
                    {
                        current.Add(line.Substring(0, equals).Trim().ToLowerInvariant());
                    }
                }
            }

            return sections;
        }

        private static bool InSdkStore(string name, CredentialEnvironment environment)
        {
            var local = environment.NonEmpty("LOCALAPPDATA");
            var text = local == null ? null : CredentialEnvironment.ReadText(Path.Combine(local, "AWSToolkit", "RegisteredAccounts.json"));
            return text != null && Regex.IsMatch(text, "\"DisplayName\"\\s*:\\s*\"" + Regex.Escape(name) + "\"");
        }

        // The instance role answers only on EC2. Probing the metadata service costs a network timeout on every
        // other machine, so look for EC2's own marks instead: Nitro instances put the instance id in the DMI asset
        // tag and "Amazon EC2" in the vendor, Xen ones an "ec2" hypervisor uuid; Windows AMIs carry EC2Launch.
        private static bool IsEc2(CredentialEnvironment environment)
        {
            if (environment.IsWindows)
            {
                var programData = environment.NonEmpty("ProgramData");
                return programData != null &&
                    (Directory.Exists(Path.Combine(programData, "Amazon", "EC2Launch")) || Directory.Exists(Path.Combine(programData, "Amazon", "EC2-Windows")));
            }

            var asset = CredentialEnvironment.ReadText("/sys/devices/virtual/dmi/id/board_asset_tag")?.Trim();
            var vendor = CredentialEnvironment.ReadText("/sys/devices/virtual/dmi/id/sys_vendor")?.Trim();
            var uuid = CredentialEnvironment.ReadText("/sys/hypervisor/uuid")?.Trim();
            return (asset != null && asset.StartsWith("i-", StringComparison.Ordinal)) ||
                string.Equals(vendor, "Amazon EC2", StringComparison.Ordinal) ||
                (uuid != null && uuid.StartsWith("ec2", StringComparison.OrdinalIgnoreCase));
        }

        private static FoundCredential Found(string source) => new FoundCredential(ProviderType.Aws, source);
    }
}
