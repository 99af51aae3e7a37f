using Spuff.Core;
using Xunit;

namespace Spuff.Core.Tests.Contract;

/// <summary>
/// The behaviour every provider owes the cmdlets, run against a live peer (the emulator, moto, a real dockerd).
/// A provider's test class derives from this and supplies the provider and a valid request.
/// </summary>
public abstract class ProviderContractTests
{
    /// <summary>A provider pointed at a clean peer.</summary>
    protected abstract Task<IProvider> CreateProviderAsync();

    /// <summary>A request the peer accepts, named <paramref name="name"/>.</summary>
    protected abstract InstanceRequest NewRequest(string name);

    /// <summary>An id of the right shape that names nothing.</summary>
    protected abstract string MissingInstanceId { get; }

    protected abstract string MissingSnapshotId { get; }

    protected abstract string ExpectedName { get; }

    /// <summary>Makes a resource that exists on the peer but was not made by spuff; returns its id.</summary>
    protected abstract Task<string> CreateUnmanagedInstanceAsync();

    protected virtual bool ExpectSnapshots => true;

    protected static string UniqueName(string prefix = "ct") => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    [Fact]
    public async Task Name_IsTheCanonicalProviderName()
    {
        var provider = await CreateProviderAsync();
        Assert.Equal(ExpectedName, provider.Name);
        Assert.Equal(ExpectSnapshots, provider.SupportsSnapshots);
    }

    [Fact]
    public async Task Lifecycle_CreateWaitGetListDestroy_Works()
    {
        var provider = await CreateProviderAsync();
        var name = UniqueName();
        var created = await provider.CreateInstanceAsync(NewRequest(name));
        try
        {
            Assert.False(string.IsNullOrEmpty(created.Id));
            Assert.Equal(name, created.Name);
            Assert.Equal(ExpectedName, created.Provider);

            var ready = await provider.WaitReadyAsync(created.Id);
            Assert.True(ready.IsReady);
            Assert.Equal(InstanceStatusKind.Active, ready.GetStatus().Kind);
            Assert.True(ProviderInstance.HasUsableAddress(ready.GetIPAddress()));

            var fetched = await provider.GetInstanceAsync(created.Id);
            Assert.NotNull(fetched);
            Assert.Equal(created.Id, fetched!.Id);
            Assert.Equal("spuff", fetched.Labels["managed-by"]);

            var listed = await ToListAsync(provider.ListInstancesAsync());
            Assert.Contains(listed, i => i.Id == created.Id);
        }
        finally
        {
            await provider.DestroyInstanceAsync(created.Id);
        }

        var afterDestroy = await provider.GetInstanceAsync(created.Id);
        Assert.True(afterDestroy == null || afterDestroy.GetStatus().Kind == InstanceStatusKind.Archive);
    }

    [Fact]
    public async Task GetInstance_Missing_ReturnsNull()
    {
        var provider = await CreateProviderAsync();
        Assert.Null(await provider.GetInstanceAsync(MissingInstanceId));
    }

    [Fact]
    public async Task DestroyInstance_MissingOrTwice_IsSuccess()
    {
        var provider = await CreateProviderAsync();
        await provider.DestroyInstanceAsync(MissingInstanceId);
        var created = await provider.CreateInstanceAsync(NewRequest(UniqueName()));
        await provider.DestroyInstanceAsync(created.Id);
        await provider.DestroyInstanceAsync(created.Id);
    }

    [Fact]
    public async Task WaitReady_Missing_ThrowsNotFound()
    {
        var provider = await CreateProviderAsync();
        var error = await Assert.ThrowsAsync<ProviderException>(() => provider.WaitReadyAsync(MissingInstanceId));
        Assert.Equal(ProviderErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task ListInstances_UnmanagedInstance_IsNotListed()
    {
        var provider = await CreateProviderAsync();
        var unmanaged = await CreateUnmanagedInstanceAsync();
        var listed = await ToListAsync(provider.ListInstancesAsync());
        Assert.DoesNotContain(listed, i => i.Id == unmanaged);
        Assert.All(listed, i => Assert.Equal("spuff", i.Labels["managed-by"]));
    }

    [Fact]
    public async Task DestroyInstance_NotMadeBySpuff_IsRefusedAndLeftAlone()
    {
        var provider = await CreateProviderAsync();
        var unmanaged = await CreateUnmanagedInstanceAsync();

        var error = await Assert.ThrowsAsync<ProviderException>(() => provider.DestroyInstanceAsync(unmanaged));

        Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
        Assert.Equal("Id", error.Field);
        Assert.Contains("not made by Spuff", error.Message);
        Assert.NotNull(await provider.GetInstanceAsync(unmanaged) ?? await FindUnmanagedAsync(unmanaged));
    }

    /// <summary>Providers whose Get hides unmanaged resources (Docker) say here whether it still exists.</summary>
    protected virtual Task<object?> FindUnmanagedAsync(string id) => Task.FromResult<object?>(null);

    [Fact]
    public async Task Snapshots_CreateListRestoreDelete_Works()
    {
        var provider = await CreateProviderAsync();
        if (!ExpectSnapshots)
        {
            var unsupported = await Assert.ThrowsAsync<ProviderException>(() => provider.CreateSnapshotAsync(MissingInstanceId, "x"));
            Assert.Equal(ProviderErrorKind.NotSupported, unsupported.Kind);
            return;
        }

        var source = await provider.CreateInstanceAsync(NewRequest(UniqueName()));
        ProviderInstance? restored = null;
        Snapshot? snapshot = null;
        try
        {
            await provider.WaitReadyAsync(source.Id);
            var snapshotName = UniqueName("snap");
            var progress = new List<OperationProgress>();
            snapshot = await provider.CreateSnapshotAsync(source.Id, snapshotName, new Progress<OperationProgress>(progress.Add));
            Assert.Equal(snapshotName, snapshot.Name);
            Assert.Equal(ExpectedName, snapshot.Provider);

            var snapshots = await ToListAsync(provider.ListSnapshotsAsync());
            Assert.Contains(snapshots, s => s.Id == snapshot.Id);

            var request = NewRequest(UniqueName()).WithImage(snapshot.ToImageSpec());
            restored = await provider.CreateInstanceAsync(request);
            Assert.True((await provider.WaitReadyAsync(restored.Id)).IsReady);
        }
        finally
        {
            if (restored != null)
            {
                await provider.DestroyInstanceAsync(restored.Id);
            }

            await provider.DestroyInstanceAsync(source.Id);
            if (snapshot != null)
            {
                await provider.DeleteSnapshotAsync(snapshot.Id);
                await provider.DeleteSnapshotAsync(snapshot.Id);
            }
        }

        var remaining = await ToListAsync(provider.ListSnapshotsAsync());
        Assert.DoesNotContain(remaining, s => s.Id == snapshot!.Id);
    }

    [Fact]
    public async Task DeleteSnapshot_Missing_IsSuccess()
    {
        var provider = await CreateProviderAsync();
        if (ExpectSnapshots)
        {
            await provider.DeleteSnapshotAsync(MissingSnapshotId);
        }
    }

    [Fact]
    public async Task GetSshKeys_ReturnsAList()
    {
        var provider = await CreateProviderAsync();
        var keys = await provider.GetSshKeysAsync();
        Assert.NotNull(keys);
    }

    [Fact]
    public async Task CreateInstance_Cancelled_ThrowsOperationCanceled()
    {
        var provider = await CreateProviderAsync();
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => provider.CreateInstanceAsync(NewRequest(UniqueName()), cts.Token));
    }

    protected static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }
}
