using Spuff.Core;

namespace Spuff.Providers
{
    /// <summary>Stands in for a provider that is known but not built yet: creating it reports NotImplemented.</summary>
    public sealed class PlannedProviderFactory : IProviderFactory
    {
        public PlannedProviderFactory(ProviderType providerType)
        {
            ProviderType = providerType;
        }

        public ProviderType ProviderType { get; }

        public bool IsImplemented => false;

        public bool SupportsSnapshots => false;

        public IProvider Create(ProviderOptions options) => throw ProviderException.NotImplemented(ProviderType.GetName());
    }
}
