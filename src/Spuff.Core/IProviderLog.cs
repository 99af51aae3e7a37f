namespace Spuff.Core
{
    /// <summary>Where providers write their diagnostics. Implementations must be thread-safe.
    /// Providers never pass tokens, secrets or user data to it.</summary>
    public interface IProviderLog
    {
        void Write(ProviderLogLevel level, string message);
    }
}
