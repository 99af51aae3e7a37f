using Spuff.Core;

namespace Spuff.Providers.Docker
{
    /// <summary>
    /// Makes <see cref="DockerProvider"/>s: local containers on a Docker (or Podman) engine, no account and no token.
    /// Validation happens here, before anything talks to the engine; the Docker client is built only in
    /// <see cref="Create"/>, so Docker.DotNet loads when the provider is first used.
    /// </summary>
    public sealed class DockerFactory : IProviderFactory
    {
        public ProviderType ProviderType => ProviderType.Docker;

        public bool IsImplemented => true;

        public bool SupportsSnapshots => true;

        public IProvider Create(ProviderOptions options)
        {
            options ??= new ProviderOptions();
            if (!string.IsNullOrEmpty(options.Token))
            {
                throw Tag(ProviderException.InvalidConfig("Token", "Docker takes no token; the local engine needs none. Leave -Token out."));
            }

            if (options.Region != null)
            {
                DockerRequestValidator.ValidateRegion(options.Region);
            }

            var endpoint = DockerEndpoint.Resolve(options.Endpoint);
            return new DockerProvider(options, endpoint);
        }

        private static ProviderException Tag(ProviderException error)
        {
            error.Provider = DockerProvider.ProviderName;
            return error;
        }
    }
}
