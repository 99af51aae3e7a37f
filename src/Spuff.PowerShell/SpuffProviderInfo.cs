using System.Collections.Generic;

namespace Spuff.PowerShell
{
    /// <summary>What Get-SpuffProvider reports about one provider. Never carries a credential.</summary>
    public sealed class SpuffProviderInfo
    {
        public SpuffProviderInfo(string name, IReadOnlyList<string> aliases, bool implemented, bool supportsSnapshots, IReadOnlyList<string> tokenVariables, string? credentialSource, string? endpoint)
        {
            Name = name;
            Aliases = aliases;
            Implemented = implemented;
            SupportsSnapshots = supportsSnapshots;
            TokenVariables = tokenVariables;
            CredentialSource = credentialSource;
            Endpoint = endpoint;
        }

        /// <summary>Canonical name: digitalocean, hetzner, aws, docker.</summary>
        public string Name { get; }

        public IReadOnlyList<string> Aliases { get; }

        /// <summary>Whether this build of Spuff can use it.</summary>
        public bool Implemented { get; }

        public bool SupportsSnapshots { get; }

        /// <summary>The environment variables read for its credential, first match wins.</summary>
        public IReadOnlyList<string> TokenVariables { get; }

        /// <summary>Whether credentials are configured in this session (the value is never shown).</summary>
        public bool CredentialsFound => CredentialSource != null;

        /// <summary>Where a call without -Token would take the credentials from, first match wins:
        /// "$env:HETZNER_TOKEN", "hcloud CLI context 'work' (~/.config/hcloud/cli.toml)", "doctl config (...)",
        /// "AWS profile 'dev' (~/.aws/config)", "EC2 instance role (instance metadata)", "local engine (...)".
        /// Null when none is found. Never the secret itself.</summary>
        public string? CredentialSource { get; }

        /// <summary>The API endpoint calls go to (the Docker engine address for Docker). An override from
        /// SPUFF_&lt;PROVIDER&gt;_ENDPOINT shows here, so it is never in effect unnoticed.</summary>
        public string? Endpoint { get; }

        public override string ToString() => Name;
    }
}
