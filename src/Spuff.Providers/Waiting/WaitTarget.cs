using Spuff.Core;

namespace Spuff.Providers.Waiting
{
    /// <summary>
    /// One instance a batched wait waits for: its id, and the instance as last seen (the piped object at first, then
    /// each poll's answer). Its CreatedAt decides the grace after create; its labels let a provider narrow the poll
    /// to the batch (Hetzner's per-create mark).
    /// </summary>
    public sealed class WaitTarget
    {
        public WaitTarget(string id, ProviderInstance? known = null)
        {
            Id = id;
            Known = known;
        }

        public string Id { get; }

        /// <summary>The instance as last seen, or null when it has not been seen yet.</summary>
        public ProviderInstance? Known { get; internal set; }
    }
}
