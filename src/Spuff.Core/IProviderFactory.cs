namespace Spuff.Core
{
    /// <summary>Makes providers of one type. Registered in a <see cref="ProviderRegistry"/>.</summary>
    public interface IProviderFactory
    {
        ProviderType ProviderType { get; }

        /// <summary>False for a placeholder of a provider that is not built yet.</summary>
        bool IsImplemented { get; }

        bool SupportsSnapshots { get; }

        /// <summary>Makes a provider. Throws Authentication when a required token is missing or empty,
        /// InvalidConfig for a bad endpoint, before any network call.</summary>
        IProvider Create(ProviderOptions options);
    }
}
