using System;
using Spuff.Core;

namespace Spuff.Providers.Http
{
    /// <summary>The token from the options, else the provider's environment variables; Authentication when there is none.</summary>
    public static class TokenResolver
    {
        public static string Require(ProviderOptions options, ProviderType type, string displayName)
        {
            var token = options.Token;
            if (token == null)
            {
                foreach (var variable in type.GetTokenEnvironmentVariables())
                {
                    token = Environment.GetEnvironmentVariable(variable);
                    if (!string.IsNullOrWhiteSpace(token))
                    {
                        break;
                    }
                }
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
    }
}
