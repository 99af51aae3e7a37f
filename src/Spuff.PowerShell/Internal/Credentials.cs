using Spuff.Core;

namespace Spuff.PowerShell.Internal
{
    /// <summary>
    /// Finds the credential of one call: -Token (one token, or this provider's entry of a per-provider hashtable),
    /// else the provider's environment variables, else its official CLI's login (doctl, hcloud), else, for AWS, the
    /// SDK's chain and for Docker the local engine. Nothing is kept between calls, so runspaces
    /// (ForEach-Object -Parallel) never see each other's credentials.
    /// </summary>
    internal static class Credentials
    {
        /// <summary>
        /// Where the credentials of <paramref name="type"/> come from in this call. A single -Token goes to the
        /// provider named by the call (AWS and Docker then refuse it, saying what they use instead); a hashtable's
        /// entry goes only to its provider.
        /// </summary>
        public static CredentialChoice Choose(ProviderType type, TokenArgument? token, string? profileName)
        {
            var given = token?.For(type);
            if (given != null)
            {
                return new CredentialChoice(token!.IsPerProvider ? $"-Token (entry '{type.GetName()}')" : "-Token", TokenArgument.ToPlainText(given), null);
            }

            return ProvidersBridge.FindCredential(type, type == ProviderType.Aws ? profileName : null);
        }

        /// <summary>Whether a call without -Token/-ProfileName would find credentials (the secret is not kept).</summary>
        public static bool AreConfigured(ProviderType type) => ProvidersBridge.FindCredential(type, null).IsFound;

        /// <summary>How to fix missing or rejected credentials for a provider.</summary>
        public static string RecommendedAction(string? provider)
        {
            if (!ProviderTypeInfo.TryParse(provider, out var type))
            {
                return "Pass -Token, or set the provider's token environment variable (Get-SpuffProvider lists them).";
            }

            return RecommendedAction(type);
        }

        public static string RecommendedAction(ProviderType type)
        {
            switch (type)
            {
                case ProviderType.Aws:
                    return "Pass -ProfileName, set $env:AWS_ACCESS_KEY_ID and $env:AWS_SECRET_ACCESS_KEY (or $env:AWS_PROFILE), or sign in with the AWS CLI (aws configure, aws sso login).";
                case ProviderType.Docker:
                    return "Start the Docker engine, or set $env:DOCKER_HOST to reach it.";
                case ProviderType.DigitalOcean:
                    return "Set $env:DIGITALOCEAN_TOKEN or pass -Token (for several providers: -Token @{ digitalocean = ... }), or sign in with doctl (doctl auth init).";
                default:
                    return "Set $env:HETZNER_TOKEN (or $env:HCLOUD_TOKEN) or pass -Token (for several providers: -Token @{ hetzner = ... }), or create an hcloud CLI context (hcloud context create).";
            }
        }

        /// <summary>One line naming every way to configure credentials, for the warning when none is found.</summary>
        public static string NothingConfiguredMessage =>
            "No provider has credentials, so nothing was asked. Set $env:DIGITALOCEAN_TOKEN or $env:HETZNER_TOKEN, " +
            "sign in with doctl or hcloud, configure AWS credentials (aws configure, $env:AWS_PROFILE), start Docker, " +
            "or pass -Provider with -Token. Get-SpuffProvider shows what is found.";
    }
}
