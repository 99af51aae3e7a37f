using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Security;
using Spuff.Core;

namespace Spuff.PowerShell.Internal
{
    /// <summary>
    /// Finds the credential of one call: -Token first, then the provider's environment variables. Nothing is
    /// kept between calls, so runspaces (ForEach-Object -Parallel) never see each other's credentials.
    /// </summary>
    internal static class Credentials
    {
        /// <summary>The token for a token provider, or throws Authentication before any HTTP call. Providers
        /// that take no token (AWS uses its SDK chain and -ProfileName; Docker none) get -Token only if it was
        /// passed, so they can reject it with a message that says what to use instead.</summary>
        public static string? ResolveToken(ProviderType type, SecureString? token)
        {
            if (!type.UsesToken())
            {
                return token != null && token.Length > 0 ? ToPlainText(token) : null;
            }

            if (token != null && token.Length > 0)
            {
                return ToPlainText(token);
            }

            var fromEnvironment = FromEnvironment(type);
            if (fromEnvironment != null)
            {
                return fromEnvironment;
            }

            throw ProviderException.Authentication(
                type.GetName(),
                $"no token was given. Pass -Token or set $env:{type.GetTokenEnvironmentVariable()}.");
        }

        /// <summary>Whether a call without -Token/-ProfileName would find credentials (never reads them out).</summary>
        public static bool AreConfigured(ProviderType type)
        {
            switch (type)
            {
                case ProviderType.Aws:
                    return HasVariable("AWS_ACCESS_KEY_ID") || HasVariable("AWS_PROFILE") ||
                        File.Exists(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".aws", "credentials"));
                case ProviderType.Docker:
                    return HasVariable("DOCKER_HOST") ||
                        (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)
                            ? File.Exists(@"\\.\pipe\docker_engine")
                            : File.Exists("/var/run/docker.sock"));
                default:
                    return FromEnvironment(type) != null;
            }
        }

        /// <summary>How to fix missing or rejected credentials for a provider.</summary>
        public static string RecommendedAction(string? provider)
        {
            if (!ProviderTypeInfo.TryParse(provider, out var type))
            {
                return "Pass -Token, or set the provider's token environment variable (Get-SpuffProvider lists them).";
            }

            switch (type)
            {
                case ProviderType.Aws:
                    return "Pass -ProfileName, or set $env:AWS_ACCESS_KEY_ID and $env:AWS_SECRET_ACCESS_KEY (or $env:AWS_PROFILE).";
                case ProviderType.Docker:
                    return "Start the Docker engine, or set $env:DOCKER_HOST to reach it.";
                default:
                    var variables = type.GetTokenEnvironmentVariables();
                    var first = "$env:" + variables[0];
                    var more = variables.Count > 1 ? $" (or $env:{variables[1]})" : string.Empty;
                    return $"Set {first}{more} or pass -Token.";
            }
        }

        private static string? FromEnvironment(ProviderType type)
        {
            foreach (var name in type.GetTokenEnvironmentVariables())
            {
                var value = Environment.GetEnvironmentVariable(name);
                if (!string.IsNullOrWhiteSpace(value))
                {
                    return value!.Trim();
                }
            }

            return null;
        }

        private static bool HasVariable(string name) => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(name));

        private static string ToPlainText(SecureString secure)
        {
            var pointer = IntPtr.Zero;
            try
            {
                pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
                return Marshal.PtrToStringUni(pointer) ?? string.Empty;
            }
            finally
            {
                if (pointer != IntPtr.Zero)
                {
                    Marshal.ZeroFreeGlobalAllocUnicode(pointer);
                }
            }
        }
    }
}
