using System;
using System.IO;
using System.Text.RegularExpressions;
using Spuff.Core;

namespace Spuff.Providers.Credentials
{
    /// <summary>
    /// Where a provider's credentials come from when the caller passed none, first match wins:
    /// <list type="bullet">
    /// <item>DigitalOcean: $env:DIGITALOCEAN_TOKEN, $env:DIGITALOCEAN_ACCESS_TOKEN, then doctl's config file.</item>
    /// <item>Hetzner: $env:HETZNER_TOKEN, $env:HCLOUD_TOKEN, then the hcloud CLI's active context.</item>
    /// <item>AWS: the SDK's default chain (see <see cref="AwsCredentialProbe"/>), or -ProfileName.</item>
    /// <item>Docker: $env:SPUFF_DOCKER_ENDPOINT, $env:DOCKER_HOST, the docker CLI context, the local socket or pipe.</item>
    /// </list>
    /// Read on every call and never cached, so a runspace or a changed file is seen at once.
    /// </summary>
    public static class CredentialSources
    {
        public static FoundCredential Find(ProviderType type, string? profileName = null, CredentialEnvironment? environment = null)
        {
            environment ??= CredentialEnvironment.Current;
            switch (type)
            {
                case ProviderType.DigitalOcean:
                    return FromVariables(type, environment) ?? DoctlConfig.Find(environment);
                case ProviderType.Hetzner:
                    return FromVariables(type, environment) ?? HcloudConfig.Find(environment);
                case ProviderType.Aws:
                    return AwsCredentialProbe.Find(profileName, environment);
                case ProviderType.Docker:
                    return Docker(environment);
                default:
                    throw new ArgumentOutOfRangeException(nameof(type), type, null);
            }
        }

        private static FoundCredential? FromVariables(ProviderType type, CredentialEnvironment environment)
        {
            foreach (var name in type.GetTokenEnvironmentVariables())
            {
                var value = environment.NonEmpty(name);
                if (value != null)
                {
                    return new FoundCredential(type, "$env:" + name, value);
                }
            }

            return null;
        }

        // The engine needs no credential; "found" means there is an engine to talk to.
        private static FoundCredential Docker(CredentialEnvironment environment)
        {
            foreach (var name in new[] { "SPUFF_DOCKER_ENDPOINT", "DOCKER_HOST" })
            {
                if (environment.NonEmpty(name) != null)
                {
                    return new FoundCredential(ProviderType.Docker, "$env:" + name);
                }
            }

            var context = environment.NonEmpty("DOCKER_CONTEXT") ?? CurrentDockerContext(environment);
            if (context != null && context != "default")
            {
                return new FoundCredential(ProviderType.Docker, $"docker CLI context '{context}'");
            }

            var local = environment.IsWindows ? @"\\.\pipe\docker_engine" : "/var/run/docker.sock";
            return File.Exists(local)
                ? new FoundCredential(ProviderType.Docker, "local engine (" + local + ")")
                : new FoundCredential(ProviderType.Docker, null);
        }

        private static string? CurrentDockerContext(CredentialEnvironment environment)
        {
            var folder = environment.NonEmpty("DOCKER_CONFIG") ?? environment.UnderHome(".docker");
            var text = folder == null ? null : CredentialEnvironment.ReadText(Path.Combine(folder, "config.json"));
            var match = text == null ? null : Regex.Match(text, "\"currentContext\"\\s*:\\s*\"([^\"]*)\"");
            return match != null && match.Success && match.Groups[1].Value.Length > 0 ? match.Groups[1].Value : null;
        }
    }
}
