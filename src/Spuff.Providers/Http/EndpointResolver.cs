using System;
using System.Net;
using System.Text.RegularExpressions;
using Spuff.Core;

namespace Spuff.Providers.Http
{
    /// <summary>
    /// Picks a provider's API root: the option, else the override variable (SPUFF_&lt;PROVIDER&gt;_ENDPOINT), else the
    /// real service. An override may name the host alone or include the API version, the way doctl's --api-url
    /// takes a host and HCLOUD_ENDPOINT a /v1 URL: http://127.0.0.1:8080, http://127.0.0.1:8080/v2 and
    /// http://proxy/do/v2/ all work for DigitalOcean (whose root is /v2/). A different version segment (/v1 for
    /// DigitalOcean) is refused rather than silently giving "not found" for everything.
    /// </summary>
    public static class EndpointResolver
    {
        private static readonly Regex VersionSegment = new Regex(@"^v\d+(beta\d*|alpha\d*)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        public static Uri Resolve(Uri? option, string overrideVariable, Uri production) =>
            Resolve(option, overrideVariable, production, Environment.GetEnvironmentVariable(overrideVariable));

        /// <summary>As <see cref="Resolve(Uri?, string, Uri)"/> with the variable's value given (tests).</summary>
        public static Uri Resolve(Uri? option, string overrideVariable, Uri production, string? variableValue)
        {
            if (option == null && string.IsNullOrWhiteSpace(variableValue))
            {
                return production;
            }

            var field = option != null ? "Endpoint" : overrideVariable;
            if (option == null && !Uri.TryCreate(variableValue!.Trim(), UriKind.Absolute, out option))
            {
                throw ProviderException.InvalidConfig(field, $"'{variableValue}' is not an absolute URL.");
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

            if (!string.IsNullOrEmpty(endpoint.Query) || !string.IsNullOrEmpty(endpoint.Fragment) || !string.IsNullOrEmpty(endpoint.UserInfo))
            {
                throw ProviderException.InvalidConfig(field, $"'{endpoint}' must be a plain base URL such as {endpoint.Scheme}://{endpoint.Authority}: no user name, query or fragment.");
            }

            return WithVersion(endpoint, production, field);
        }

        /// <summary>Whether requests go somewhere other than the provider's own API.</summary>
        public static bool IsOverride(Uri endpoint, Uri production) =>
            !string.Equals(endpoint.AbsoluteUri.TrimEnd('/'), production.AbsoluteUri.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

        public static bool IsLoopback(Uri uri) =>
            uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

        /// <summary>
        /// Writes what an override means to the log: always a Verbose line naming the endpoint and where it came
        /// from, and a Warning when the token goes to another machine than the provider's or this one (a loopback
        /// emulator is routine; a remote host receiving the real token is worth a line every time).
        /// </summary>
        public static void Report(IProviderLog? log, string displayName, Uri endpoint, Uri production, string source, bool sendsToken)
        {
            if (log == null || !IsOverride(endpoint, production))
            {
                return;
            }

            log.Write(ProviderLogLevel.Verbose, $"{displayName}: using the endpoint {endpoint} from {source}, not the provider's own {production}.");
            if (sendsToken && !IsLoopback(endpoint) && !SameSite(endpoint.Host, production.Host))
            {
                log.Write(ProviderLogLevel.Warning, $"{displayName} credentials are sent to {endpoint.Host} ({source}), not to {production.Host}. Remove {source} unless you meant this.");
            }
        }

        // api.digitalocean.com and any *.digitalocean.com belong to the provider; so does *.amazonaws.com for AWS.
        private static bool SameSite(string host, string productionHost)
        {
            var labels = productionHost.Split('.');
            var site = labels.Length >= 2 ? labels[labels.Length - 2] + "." + labels[labels.Length - 1] : productionHost;
            return string.Equals(host, site, StringComparison.OrdinalIgnoreCase) ||
                host.EndsWith("." + site, StringComparison.OrdinalIgnoreCase);
        }

        private static Uri WithVersion(Uri endpoint, Uri production, string field)
        {
            var version = production.AbsolutePath.Trim('/');
            var path = endpoint.AbsolutePath.TrimEnd('/');
            var last = path.Substring(path.LastIndexOf('/') + 1);
            var root = endpoint.GetLeftPart(UriPartial.Authority) + path;
            if (version.Length == 0 || string.Equals(last, version, StringComparison.OrdinalIgnoreCase))
            {
                return new Uri(root + "/");
            }

            if (VersionSegment.IsMatch(last))
            {
                throw ProviderException.InvalidConfig(
                    field,
                    $"'{endpoint}' ends in /{last}, but this API is /{version}: give the host alone ({endpoint.GetLeftPart(UriPartial.Authority)}) or end the URL with /{version}.");
            }

            return new Uri(root + "/" + version + "/");
        }
    }
}
