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

            return token!.Trim();
        }

        public static string Hint(ProviderType type) =>
            $"Set $env:{type.GetTokenEnvironmentVariable()} or pass -Token.";
    }
}
