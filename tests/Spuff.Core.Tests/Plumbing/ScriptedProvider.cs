using System.Net;
using System.Runtime.CompilerServices;
using Spuff.Core;

namespace Spuff.Core.Tests.Plumbing;

/// <summary>An in-memory provider whose instances become ready after a scripted number of polls.</summary>
public sealed class ScriptedProvider : IProvider, Spuff.Providers.Waiting.IPacedProvider
{
    private readonly Dictionary<string, int> _pollsUntilReady = new();
    private readonly Dictionary<string, int> _polls = new();

    public int ListCalls { get; private set; }

    /// <summary>Every pause a batch wait asked this provider to pace.</summary>
    public List<TimeSpan> PacedPauses { get; } = new();

    public TimeSpan PaceBy { get; set; }

    public TimeSpan Pace(TimeSpan pause)
    {
        PacedPauses.Add(pause);
        return pause + PaceBy;
    }

    public int GetCalls { get; private set; }

    public string Name => "scripted";

    public bool SupportsSnapshots => false;

    public HashSet<string> Destroyed { get; } = new();

    public HashSet<string> Unlisted { get; } = new();

    /// <summary>Ids that GetInstanceAsync refuses as malformed (InvalidConfig), as a provider's validation would.</summary>
    public HashSet<string> Invalid { get; } = new();

    public void Add(string id, int pollsUntilReady) => _pollsUntilReady[id] = pollsUntilReady;

    private ProviderInstance? Current(string id)
    {
        if (!_pollsUntilReady.TryGetValue(id, out var needed))
        {
            return null;
        }

        var polls = _polls[id] = _polls.GetValueOrDefault(id) + 1;
        if (Destroyed.Contains(id))
        {
            return new ProviderInstance(id, InstanceStatus.FromKind(InstanceStatusKind.Archive, "deleting"), null, DateTimeOffset.UtcNow);
        }

        return polls >= needed
            ? new ProviderInstance(id, InstanceStatus.Active, IPAddress.Parse("192.0.2.1"), DateTimeOffset.UtcNow)
            : new ProviderInstance(id, InstanceStatus.New, null, DateTimeOffset.UtcNow);
    }

    public async IAsyncEnumerable<ProviderInstance> ListInstancesAsync(ListFilter? filter = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ListCalls++;
        await Task.Yield();
        foreach (var id in _pollsUntilReady.Keys.Where(k => !Unlisted.Contains(k)).ToList())
        {
            yield return Current(id)!;
        }
    }

    public Task<ProviderInstance?> GetInstanceAsync(string id, CancellationToken cancellationToken = default)
    {
        GetCalls++;
        if (Invalid.Contains(id))
        {
            throw ProviderException.InvalidConfig("Id", $"'{id}' is not a scripted instance id.");
        }

        return Task.FromResult(Unlisted.Contains(id) ? null : Current(id));
    }

    public Task<ProviderInstance> WaitReadyAsync(string id, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Spuff.Providers.Waiting.InstanceReadiness.WaitAsync(ct => GetInstanceAsync(id, ct), id, new ProviderTimeouts(pollInterval: TimeSpan.FromMilliseconds(5)), progress, cancellationToken);

    public Task<ProviderInstance> CreateInstanceAsync(InstanceRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task DestroyInstanceAsync(string id, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<Snapshot> CreateSnapshotAsync(string instanceId, string name, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IAsyncEnumerable<Snapshot> ListSnapshotsAsync(ListFilter? filter = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task DeleteSnapshotAsync(string id, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<string>> GetSshKeysAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
