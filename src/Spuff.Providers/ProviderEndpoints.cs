using System;
using Spuff.Core;
using Spuff.Providers.Http;

namespace Spuff.Providers
{
    /// <summary>The API endpoint each provider would use now (for Get-SpuffProvider), resolved exactly as its
    /// factory resolves it, without making a provider or loading an SDK.</summary>
    public static class ProviderEndpoints
    {
        /// <summary>The endpoint in use; <paramref name="isOverride"/> tells whether it is not the provider's own,
        /// <paramref name="problem"/> why an override is refused (the endpoint is then the raw override).</summary>
        public static string Describe(ProviderType type, out bool isOverride, out string? problem)
        {
            problem = null;
            isOverride = false;
            try
            {
                switch (type)
                {
                    case ProviderType.DigitalOcean:
                        return Http(DigitalOcean.DigitalOceanFactory.EndpointVariable, DigitalOcean.DigitalOceanFactory.ProductionEndpoint, out isOverride);
                    case ProviderType.Hetzner:
                        return Http(Hetzner.HetznerFactory.EndpointVariable, Hetzner.HetznerFactory.ProductionEndpoint, out isOverride);
                    case ProviderType.Aws:
                        var aws = Aws.AwsFactory.ResolveEndpoint(null, Environment.GetEnvironmentVariable(Aws.AwsFactory.EndpointVariable));
                        isOverride = aws != null;
                        return aws?.ToString() ?? "https://ec2." + AwsRegion() + ".amazonaws.com/";
                    case ProviderType.Docker:
                        var docker = Docker.DockerEndpoint.Resolve(null).ToString();
                        isOverride = !string.Equals(docker, Docker.DockerEndpoint.UnixDefault, StringComparison.Ordinal) &&
                            !string.Equals(docker, Docker.DockerEndpoint.WindowsDefault, StringComparison.Ordinal);
                        return docker;
                    default:
                        throw new ArgumentOutOfRangeException(nameof(type), type, null);
                }
            }
            catch (ProviderException error)
            {
                problem = error.Message;
                isOverride = true;
                return Raw(type) ?? string.Empty;
            }
        }

        private static string Http(string variable, Uri production, out bool isOverride)
        {
            var endpoint = EndpointResolver.Resolve(null, variable, production);
            isOverride = EndpointResolver.IsOverride(endpoint, production);
            return endpoint.ToString();
        }

        private static string AwsRegion() =>
            Credentials.AwsCredentialProbe.Region(null, Credentials.CredentialEnvironment.Current, Aws.AwsSettings.FallbackRegion);

        private static string? Raw(ProviderType type)
        {
            switch (type)
            {
                case ProviderType.DigitalOcean: return FirstSet(DigitalOcean.DigitalOceanFactory.EndpointVariable);
                case ProviderType.Hetzner: return FirstSet(Hetzner.HetznerFactory.EndpointVariable);
                case ProviderType.Aws: return FirstSet(Aws.AwsFactory.EndpointVariable);
                default: return FirstSet(Docker.DockerEndpoint.EndpointVariable, Docker.DockerEndpoint.DockerHostVariable);
            }
        }

        private static string? FirstSet(params string[] names)
        {
            foreach (var name in names)
            {
                var value = Environment.GetEnvironmentVariable(name);
                if (!string.IsNullOrWhiteSpace(value))
                {
                    return value!.Trim();
                }
            }

            return null;
        }
    }
}
