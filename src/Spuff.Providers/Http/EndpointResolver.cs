using System;
using System.Net;
using Spuff.Core;

namespace Spuff.Providers.Http
{
    /// <summary>Picks a provider's API root: the option, else the override variable, else the real service.</summary>
    public static class EndpointResolver
    {
        public static Uri Resolve(Uri? option, string overrideVariable, Uri production)
        {
            var fromEnvironment = Environment.GetEnvironmentVariable(overrideVariable);
            if (option == null && string.IsNullOrWhiteSpace(fromEnvironment))
            {
                return production;
            }

            var field = option != null ? "Endpoint" : overrideVariable;
            if (option == null && !Uri.TryCreate(fromEnvironment!.Trim(), UriKind.Absolute, out option))
            {
                throw ProviderException.InvalidConfig(field, $"'{fromEnvironment}' is not an absolute URL.");
            }

            var endpoint = option!;
            if (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp)
            {
                throw ProviderException.InvalidConfig(field, $"'{endpoint}' must be an http(s) URL.");
            }

            if (endpoint.Scheme == Uri.UriSchemeHttp && !IsLoopback(endpoint))
            {
                throw ProviderException.InvalidConfig(field, $"'{endpoint}' must use HTTPS: the API token would travel in clear text. Plain HTTP is allowed only for loopback addresses.");
            }

            return endpoint.AbsoluteUri.EndsWith("/", StringComparison.Ordinal) ? endpoint : new Uri(endpoint.AbsoluteUri + "/");
        }

        public static bool IsLoopback(Uri uri) =>
            uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }
}
