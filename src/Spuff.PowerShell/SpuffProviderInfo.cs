using System.Collections.Generic;

namespace Spuff.PowerShell
{
    /// <summary>What Get-SpuffProvider reports about one provider. Never carries a credential.</summary>
    public sealed class SpuffProviderInfo
    {
        public SpuffProviderInfo(string name, IReadOnlyList<string> aliases, bool implemented, bool supportsSnapshots, IReadOnlyList<string> tokenVariables, bool credentialsFound)
        {
            Name = name;
            Aliases = aliases;
            Implemented = implemented;
            SupportsSnapshots = supportsSnapshots;
            TokenVariables = tokenVariables;
            CredentialsFound = credentialsFound;
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
        public bool CredentialsFound { get; }

        public override string ToString() => Name;
    }
}
