using System.Net;
using Spuff.Providers.Waiting;

namespace Spuff.Core.Tests.Waiting;

/// <summary>
/// An in-memory provider with the shared readiness rules, whose instances become ready at a moment of a test clock,
/// and whose batch polls cost a chosen number of requests. Counts its polls.
/// </summary>
internal sealed class ClockedBatchProvider : IProvider, IBatchReadiness
{
    private readonly Dictionary<string, DateTimeOffset> _readyAt = new();

    public ClockedBatchProvider(TimeProvider clock)
    {
        Clock = clock;
        ReadinessRules = new ReadinessRules(Name, clock);
    }

    public TimeProvider Clock { get; }

    public ReadinessRules ReadinessRules { get; }

    public int Polls { get; private set; }

    /// <summary>What each poll reports it cost.</summary>
    public int RequestsPerPoll { get; set; } = 1;

    /// <summary>The clock reading of every poll.</summary>
    public List<DateTimeOffset> PolledAt { get; } = new();

    /// <summary>Until then, every instance is invisible (as a 404 right after a create).</summary>
    public DateTimeOffset HiddenUntil { get; set; }

    public string Name => "clocked";

    public bool SupportsSnapshots => false;

    public void ReadyAfter(string id, TimeSpan after) => _readyAt[id] = Clock.GetUtcNow() + after;

    public Task<BatchPoll> PollAsync(IReadOnlyList<WaitTarget> pending, bool batch, CancellationToken cancellationToken)
    {
        Polls++;
        PolledAt.Add(Clock.GetUtcNow());
        var poll = new BatchPoll { Requests = RequestsPerPoll };
        foreach (var target in pending)
        {
            if (Current(target.Id) is { } instance)
            {
                poll.Found[target.Id] = instance;
            }
        }

        return Task.FromResult(poll);
    }

    public Task<ProviderInstance?> GetInstanceAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(Current(id));

    public Task<ProviderInstance> WaitReadyAsync(string id, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        ReadinessWaiter.WaitOneAsync(this, id, ProviderTimeouts.Default, progress, cancellationToken);

    private ProviderInstance? Current(string id)
    {
        if (!_readyAt.TryGetValue(id, out var at) || Clock.GetUtcNow() < HiddenUntil)
        {
            return null;
        }

        return Clock.GetUtcNow() >= at
            ? new ProviderInstance(id, InstanceStatus.Active, IPAddress.Parse("192.0.2.7"), at)
            : new ProviderInstance(id, InstanceStatus.FromKind(InstanceStatusKind.New, "starting"), null, at);
    }

    public Task<ProviderInstance> CreateInstanceAsync(InstanceRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task DestroyInstanceAsync(string id, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IAsyncEnumerable<ProviderInstance> ListInstancesAsync(ListFilter? filter = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<Snapshot> CreateSnapshotAsync(string instanceId, string name, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IAsyncEnumerable<Snapshot> ListSnapshotsAsync(ListFilter? filter = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task DeleteSnapshotAsync(string id, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<string>> GetSshKeysAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
