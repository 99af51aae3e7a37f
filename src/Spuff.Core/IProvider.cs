using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Spuff.Core
{
    /// <summary>
    /// The spuff Provider API: one cloud (or engine) behind one set of operations. Every member throws only
    /// <see cref="ProviderException"/> (plus <see cref="OperationCanceledException"/> when cancelled), and
    /// validates its input before any network call.
    /// </summary>
    public interface IProvider
    {
        /// <summary>Canonical provider name (digitalocean, hetzner, aws, docker).</summary>
        string Name { get; }

        /// <summary>Whether <see cref="CreateSnapshotAsync"/> and friends work here.</summary>
        bool SupportsSnapshots { get; }

        /// <summary>Creates an instance and returns it at once, usually in state New. Never retried blindly:
        /// a failed create either created nothing or is reported with what it created.</summary>
        Task<ProviderInstance> CreateInstanceAsync(InstanceRequest request, CancellationToken cancellationToken = default);

        /// <summary>Destroys an instance. Idempotent: an instance that is already gone is success.</summary>
        Task DestroyInstanceAsync(string id, CancellationToken cancellationToken = default);

        /// <summary>The instance, or null when it does not exist.</summary>
        Task<ProviderInstance?> GetInstanceAsync(string id, CancellationToken cancellationToken = default);

        /// <summary>Every spuff-managed instance that <paramref name="filter"/> admits (all of them when it is null),
        /// across every page, streamed page by page.</summary>
        IAsyncEnumerable<ProviderInstance> ListInstancesAsync(ListFilter? filter = null, CancellationToken cancellationToken = default);

        /// <summary>Polls until the instance is Active with a usable IP (<see cref="ProviderInstance.IsReady"/>),
        /// or throws Timeout with the elapsed time, or NotFound if it disappears.</summary>
        Task<ProviderInstance> WaitReadyAsync(string id, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default);

        /// <summary>Snapshots an instance, waits for the provider's action to finish, tags the snapshot as
        /// spuff-managed, and returns it.</summary>
        Task<Snapshot> CreateSnapshotAsync(string instanceId, string name, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default);

        /// <summary>Every spuff-managed snapshot that <paramref name="filter"/> admits (all of them when it is null),
        /// across every page.</summary>
        IAsyncEnumerable<Snapshot> ListSnapshotsAsync(ListFilter? filter = null, CancellationToken cancellationToken = default);

        /// <summary>Deletes a snapshot. Idempotent: a snapshot that is already gone is success.</summary>
        Task DeleteSnapshotAsync(string id, CancellationToken cancellationToken = default);

        /// <summary>The ids (or names) of the SSH keys of the account. A failure to read them is an error.</summary>
        Task<IReadOnlyList<string>> GetSshKeysAsync(CancellationToken cancellationToken = default);
    }
}
