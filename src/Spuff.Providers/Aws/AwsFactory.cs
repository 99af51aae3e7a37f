using System;
using System.Net;
using Spuff.Core;

namespace Spuff.Providers.Aws
{
    /// <summary>
    /// Makes AWS EC2 providers. Listed in <see cref="BuiltInProviders"/>, so it must stay free of AWS SDK types in
    /// its fields, properties, base types and signatures: the SDK's assemblies (about 7 MB) then load only when
    /// <see cref="Create"/> first runs, never at Import-Module.
    /// </summary>
    public sealed class AwsFactory : IProviderFactory
    {
        /// <summary>Overrides the EC2 and SSM endpoint (moto, LocalStack) when <see cref="ProviderOptions.Endpoint"/> is null.</summary>
        public const string EndpointVariable = "SPUFF_AWS_ENDPOINT";

        // Stands for "the region's own EC2 endpoint" in override reports: any override differs from it.
        private static readonly Uri RegionalEndpoint = new Uri("https://ec2.amazonaws.com/");

        public ProviderType ProviderType => ProviderType.Aws;

        public bool IsImplemented => true;

        public bool SupportsSnapshots => true;

        public IProvider Create(ProviderOptions options)
        {
            if (options == null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            if (!string.IsNullOrEmpty(options.Token))
            {
                throw ProviderException.InvalidConfig("Token", "AWS uses the AWS credential chain; use -ProfileName or AWS_* variables");
            }

            var endpoint = ResolveEndpoint(options.Endpoint, Environment.GetEnvironmentVariable(EndpointVariable));
            if (endpoint != null)
            {
                // The regional AWS endpoint is the provider's own; any override (moto, LocalStack, a proxy) is reported.
                Http.EndpointResolver.Report(options.Log, "AWS", endpoint, RegionalEndpoint, options.Endpoint != null ? "the Endpoint option" : "$env:" + EndpointVariable, sendsToken: true);
            }
            var settings = AwsSettings.Resolve(options, endpoint);
            return CreateProvider(settings, options);
        }

        /// <summary>The endpoint override: the option, else the variable; a non-loopback one must be HTTPS.</summary>
        internal static Uri? ResolveEndpoint(Uri? option, string? variable)
        {
            var endpoint = option;
            if (endpoint == null && !string.IsNullOrWhiteSpace(variable))
            {
                if (!Uri.TryCreate(variable!.Trim(), UriKind.Absolute, out endpoint))
                {
                    throw ProviderException.InvalidConfig("Endpoint", $"{EndpointVariable} is not an absolute URL: '{variable}'.");
                }
            }

            if (endpoint == null)
            {
                return null;
            }

            if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
            {
                throw ProviderException.InvalidConfig("Endpoint", $"'{endpoint}' is not an http(s) URL.");
            }

            if (endpoint.Scheme == Uri.UriSchemeHttp && !IsLoopback(endpoint))
            {
                throw ProviderException.InvalidConfig("Endpoint", $"'{endpoint}' must use HTTPS; plain HTTP is allowed only for a loopback address.");
            }

            return endpoint;
        }

        private static bool IsLoopback(Uri endpoint) =>
            endpoint.IsLoopback || (IPAddress.TryParse(endpoint.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

        // Kept apart from Create so that only this method's body names the SDK-using type; the JIT loads the AWS
        // assemblies when it first compiles this method, which happens on the first Create, not at registration.
        private static IProvider CreateProvider(AwsSettings settings, ProviderOptions options) => AwsProvider.Create(settings, options);
    }
}
