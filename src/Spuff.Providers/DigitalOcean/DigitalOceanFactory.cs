using System;
using Spuff.Core;
using Spuff.Providers.Http;

namespace Spuff.Providers.DigitalOcean
{
    public sealed class DigitalOceanFactory : IProviderFactory
    {
        public const string EndpointVariable = "SPUFF_DIGITALOCEAN_ENDPOINT";
        public static readonly Uri ProductionEndpoint = new Uri("https://api.digitalocean.com/v2/");

        public ProviderType ProviderType => ProviderType.DigitalOcean;

        public bool IsImplemented => true;

        public bool SupportsSnapshots => true;

        public IProvider Create(ProviderOptions options) => Create(options, null);

        /// <summary>Tests adjust the HTTP settings (retry delays, time) through <paramref name="configure"/>.</summary>
        internal static DigitalOceanProvider Create(ProviderOptions options, Action<HttpPipelineSettings>? configure)
        {
            options ??= new ProviderOptions();

            // A region given for the call (Get-SpuffInstance -Region) is checked for shape before any request.
            DigitalOceanValidation.Slug(options.Region, "Region");
            var settings = HttpPipelineSettings.ForTokenProvider(
                options,
                ProviderType.DigitalOcean,
                "DigitalOcean",
                EndpointVariable,
                ProductionEndpoint,
                new DigitalOceanErrorDecoder(),
                TokenResolver.Hint(ProviderType.DigitalOcean));
            configure?.Invoke(settings);
            return new DigitalOceanProvider(new ProviderHttpClient(settings), options);
        }
    }
}
