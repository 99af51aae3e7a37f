using System;
using Spuff.Core;
using Spuff.Providers.Credentials;

namespace Spuff.Providers.Http
{
    /// <summary>The token from the options, else the provider's environment variables and its official CLI's config
    /// (<see cref="CredentialSources"/>); Authentication when there is none.</summary>
    public static class TokenResolver
    {
        public static string Require(ProviderOptions options, ProviderType type, string displayName)
        {
            var token = options.Token;
            if (token == null)
            {
                token = CredentialSources.Find(type).Token;
            }

            if (string.IsNullOrWhiteSpace(token))
            {
                throw ProviderException.Authentication(type.GetName(), $"no {displayName} API token. {Hint(type)}");
            }

            token = token!.Trim();
            for (var i = 0; i < token.Length; i++)
            {
                // An HTTP header carries only visible ASCII: anything else fails every request later, as a raw
                // FormatException or a misleading network error, and may quote the header. Never echo the token.
                if (token[i] < '!' || token[i] > '~')
                {
                    throw ProviderException.Authentication(
                        type.GetName(),
                        $"the {displayName} API token has a space, line break or non-ASCII character at position {i + 1}; copy the token again. {Hint(type)}");
                }
            }

            return token;
        }

        public static string Hint(ProviderType type) =>
            $"Set $env:{type.GetTokenEnvironmentVariable()} or pass -Token.";

        /// <summary>The official CLI whose login Spuff also reads, for messages ("doctl auth init").</summary>
        public static string CliLogin(ProviderType type) =>
            type == ProviderType.DigitalOcean ? "doctl auth init" : type == ProviderType.Hetzner ? "hcloud context create" : string.Empty;
    }
}
