using Spuff.Core;

namespace Spuff.Providers.Waiting
{
    /// <summary>The outcome of waiting for one instance of a batch: ready, or the error that ended its wait.</summary>
    public sealed class ReadyResult
    {
        public ReadyResult(string id, ProviderInstance? instance, ProviderException? error)
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
