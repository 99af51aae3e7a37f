using Spuff.Providers.Aws;
using Xunit;

namespace Spuff.Core.Tests.Aws;

/// <summary>
/// Issue 9 §5 on EC2: the AMI carries managed-by=spuff from the CreateImage call on, so a snapshot interrupted right
/// after it was asked for is still listed and removable.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class AwsSnapshotInterruptTests : IAsyncLifetime
{
    private readonly MotoFixture _moto;

    public AwsSnapshotInterruptTests(MotoFixture moto)
    {
        _moto = moto;
    }

    public Task InitializeAsync() => _moto.PrepareAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task CreateSnapshot_CancelledRightAfterCreateImage_IsListedAndRemovable()
    {
        using var cancel = new CancellationTokenSource();
        using var provider = _moto.CreateProvider(new CancelOnLog("CreateImage", cancel));
        var instance = await provider.CreateInstanceAsync(new InstanceRequest("snap-" + Guid.NewGuid().ToString("N")[..8]));
        var name = "cut-" + Guid.NewGuid().ToString("N")[..8];

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => provider.CreateSnapshotAsync(instance.Id, name, null, cancel.Token));
        var listed = new List<Snapshot>();
        await foreach (var snapshot in provider.ListSnapshotsAsync()) if (snapshot.Name == name) listed.Add(snapshot);
        var made = Assert.Single(listed);
        await provider.DeleteSnapshotAsync(made.Id);

        Assert.Equal("spuff", made.Labels["managed-by"]);
        await foreach (var snapshot in provider.ListSnapshotsAsync()) Assert.NotEqual(name, snapshot.Name);
    }

    /// <summary>Cancels the call (as Ctrl+C would) the moment a given AWS operation has been answered.</summary>
    private sealed class CancelOnLog : IProviderLog
    {
        private readonly string _operation;
        private readonly CancellationTokenSource _cancel;

        public CancelOnLog(string operation, CancellationTokenSource cancel)
        {
            _operation = operation;
            _cancel = cancel;
        }

        public void Write(ProviderLogLevel level, string message)
        {
            if (message.Contains(" " + _operation + " -> ", StringComparison.Ordinal)) _cancel.Cancel();
        }
    }
}
