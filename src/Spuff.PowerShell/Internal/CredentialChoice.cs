namespace Spuff.PowerShell.Internal
{
    /// <summary>Where one provider's credentials come from for one call, and the token for a token provider.
    /// <see cref="Source"/> never contains a secret.</summary>
    internal sealed class CredentialChoice
    {
        public CredentialChoice(string? source, string? token, string? note)
        {
            Source = source;
            Token = token;
            Note = note;
        }

        /// <summary>"-Token", "$env:HETZNER_TOKEN", "hcloud CLI context 'work' (~/.config/hcloud/cli.toml)"; null: none.</summary>
        public string? Source { get; }

        public string? Token { get; }

        /// <summary>Why a place that was looked at gave nothing, for -Verbose.</summary>
        public string? Note { get; }

        public bool IsFound => Source != null;
    }
}
