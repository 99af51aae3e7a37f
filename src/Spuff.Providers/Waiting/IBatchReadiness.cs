using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Spuff.Providers.Waiting
{
    /// <summary>
    /// A provider's cheapest way to look at a batch of instances, so a poll costs what the batch needs and not what
    /// the account holds: narrow the list on the server (Hetzner label selector over the per-create mark, EC2
    /// instance-id filter), or GET each pending id when that is cheaper than listing every page (DigitalOcean decides
    /// from the total the first page reports). Internal: <c>IProvider</c> stays as it is.
    /// </summary>
    internal interface IBatchReadiness
    {
        /// <summary>The provider's grace-after-create memory, terminal states and pacer.</summary>
        ReadinessRules ReadinessRules { get; }

        /// <summary>One poll of the pending targets. <paramref name="batch"/> is true when the wait began with more than
        /// one instance: it then keeps polling the batch's way to its end (a GET suits a wait for one). Throws when
        /// the poll as a whole failed.</summary>
        Task<BatchPoll> PollAsync(IReadOnlyList<WaitTarget> pending, bool batch, CancellationToken cancellationToken);
    }
}
