using Spuff.Core;

namespace Spuff.Providers.Credentials
{
    /// <summary>
    /// Where a provider's credentials come from, and for a token provider the token itself. <see cref="Source"/>
    /// describes the place ("$env:HETZNER_TOKEN", "hcloud CLI context 'work'") and never contains a secret.
    /// </summary>
    public sealed class FoundCredential
    {
        public FoundCredential(ProviderType provider, string? source, string? token = null, string? note = null)
        {
            Provider = provider;
            Source = source;
            Token = token;
            Note = note;
        }

        public ProviderType Provider { get; }

        /// <summary>Null when nothing was found.</summary>
        public string? Source { get; }

        /// <summary>The bearer token (DigitalOcean, Hetzner) when one was found; null for AWS and Docker, whose
        /// SDKs read their own sources.</summary>
        public string? Token { get; }

        public bool IsFound => Source != null;

        /// <summary>Why a place that was looked at gave nothing ("the active context 'x' is not in ..."), for -Verbose.</summary>
        public string? Note { get; }

        public override string ToString() => Source ?? "(none)";
    }
}
