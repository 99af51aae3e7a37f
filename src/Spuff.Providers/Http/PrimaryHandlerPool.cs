using System;
using System.Net;
using System.Net.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Spuff.Providers.Http
{
    /// <summary>
    /// Pooled primary handlers from IHttpClientFactory: connections are reused across the short-lived provider
    /// objects the cmdlets create for each call, and recycled every few minutes so DNS changes are seen.
    /// </summary>
    internal static class PrimaryHandlerPool
    {
        private const string ClientName = "spuff";

        private static readonly Lazy<IHttpMessageHandlerFactory> Factory = new Lazy<IHttpMessageHandlerFactory>(() =>
        {
            NetFrameworkDefaults.Apply();
            var services = new ServiceCollection();
            services.AddHttpClient(ClientName)
                .ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler
                {
                    AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
                    // Redirects could carry the bearer token to another host; no provider API needs them.
                    AllowAutoRedirect = false,
                    UseCookies = false,
                })
                .SetHandlerLifetime(TimeSpan.FromMinutes(5));
            return services.BuildServiceProvider().GetRequiredService<IHttpMessageHandlerFactory>();
        });

        public static HttpMessageHandler Create() => Factory.Value.CreateHandler(ClientName);
    }
}
