namespace Spuff.Core
{
    /// <summary>The providers Spuff knows about. See <see cref="ProviderTypeInfo"/> for names, aliases and credentials.</summary>
    public enum ProviderType
    {
        DigitalOcean,
        Hetzner,
        Aws,
        Docker,
    }
}
