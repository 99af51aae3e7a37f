using Spuff.Core;

namespace Spuff.PowerShell.Internal
{
    /// <summary>How the wait for one instance ended: ready (Instance) or failed (Error). Core types only, so
    /// no Spuff.Providers type appears outside <see cref="ProvidersBridge"/>.</summary>
    internal sealed class WaitOutcome
    {
        public WaitOutcome(string id, ProviderInstance? instance, ProviderException? error)
        {
            Id = id;
            Instance = instance;
            Error = error;
        }

        public string Id { get; }

        public ProviderInstance? Instance { get; }

        public ProviderException? Error { get; }
    }
}
