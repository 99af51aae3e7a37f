using System;
using System.Collections.Generic;
using Spuff.Core;

namespace Spuff.Providers.Waiting
{
    /// <summary>What one poll of a batched wait found: the instances it saw (an id without an entry was not
    /// found), the ids that failed on their own (a malformed id), and how many requests the poll cost.</summary>
    internal sealed class BatchPoll
    {
        public Dictionary<string, ProviderInstance> Found { get; } = new Dictionary<string, ProviderInstance>(StringComparer.Ordinal);

        public Dictionary<string, ProviderException> Failed { get; } = new Dictionary<string, ProviderException>(StringComparer.Ordinal);

        public int Requests { get; set; }
    }
}
