using System.Net.Http.Headers;
using System.Net.Http.Json;
using Spuff.Core.Tests.Support;
using Spuff.Emulator;
using Spuff.Emulator.Infrastructure;
using Spuff.Providers.DigitalOcean;
using Spuff.Providers.Hetzner;
using Xunit;

namespace Spuff.Core.Tests.Creating;

/// <summary>
/// Issue 9 §5: whatever fails after Spuff asked for a snapshot, the snapshot stays recognisable as Spuff's: listed by
/// ListSnapshotsAsync and removable by DeleteSnapshotAsync. DigitalOcean through droplet marks and reconciliation;
/// Hetzner carries its labels from the create_image call on.
/// </summary>
public sealed class SnapshotReconciliationTests : IAsyncLifetime
{
    private static readonly TimeSpan ActionDelay = TimeSpan.FromMilliseconds(600);
    private EmulatorServer _emulator = null!;

    public async Task InitializeAsync() =>
        _emulator = await EmulatorServer.StartAsync(new EmulatorOptions { ReadyDelay = TimeSpan.Zero, ActionDelay = ActionDelay });

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    private IProvider DigitalOcean() =>
        new DigitalOceanFactory().Create(new ProviderOptions { Token = EmulatorFixture.Token, Endpoint = _emulator.DigitalOceanEndpoint, Timeouts = EmulatorFixture.Timeouts });

    private IProvider Hetzner() =>
        new HetznerFactory().Create(new ProviderOptions { Token = EmulatorFixture.Token, Endpoint = _emulator.HetznerEndpoint, Timeouts = EmulatorFixture.Timeouts });

    private static async Task UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the emulator did not get there within 10 s");
            await Task.Delay(20);
        }
    }

    private static async Task<List<Snapshot>> ListAsync(IProvider provider)
    {
        var all = new List<Snapshot>();
        await foreach (var snapshot in provider.ListSnapshotsAsync()) all.Add(snapshot);
        return all;
    }

    /// <summary>Starts a snapshot and cancels it (Ctrl+C) as soon as the snapshot request has been answered.</summary>
    private async Task CancelAfterTheRequestAsync(IProvider provider, string instanceId, string name, string actionPath)
    {
        using var cancel = new CancellationTokenSource();
        var running = provider.CreateSnapshotAsync(instanceId, name, null, cancel.Token);
        await UntilAsync(() => _emulator.Requests.Count("POST", actionPath) > 0 || running.IsCompleted);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    [Fact]
    public async Task DigitalOceanSnapshot_CancelledWhileTheActionRuns_IsListedAndRemovableLater()
    {
        var provider = DigitalOcean();
        var droplet = await provider.CreateInstanceAsync(new InstanceRequest("snap-cancel"));

        await CancelAfterTheRequestAsync(provider, droplet.Id, "nightly", $"/v2/droplets/{droplet.Id}/actions");
        await UntilAsync(() => _emulator.DigitalOcean.SnapshotIds.Count == 1);
        var listed = Assert.Single(await ListAsync(provider));
        await provider.DeleteSnapshotAsync(listed.Id);

        Assert.Equal("nightly", listed.Name);
        Assert.Equal("spuff", listed.Labels["managed-by"]);
        Assert.Equal(droplet.Id, listed.Labels["spuff-source"]);
        Assert.Empty(_emulator.DigitalOcean.SnapshotIds);
        var after = await provider.GetInstanceAsync(droplet.Id);
        Assert.DoesNotContain(after!.Labels.Keys, k => k.StartsWith("spuff-snapshot", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DigitalOceanSnapshot_ActionPollFails_SnapshotIsRemovableByIdLater()
    {
        var provider = DigitalOcean();
        var droplet = await provider.CreateInstanceAsync(new InstanceRequest("snap-poll"));
        _emulator.AddFault(new FaultRule { Method = "GET", PathPrefix = "/v2/actions/", Status = 500, Count = 50 });

        await Assert.ThrowsAsync<ProviderException>(() => provider.CreateSnapshotAsync(droplet.Id, "poll-broke"));
        _emulator.ClearFaults();
        await UntilAsync(() => _emulator.DigitalOcean.SnapshotIds.Count == 1);
        var id = _emulator.DigitalOcean.SnapshotIds[0].ToString();
        await provider.DeleteSnapshotAsync(id);

        Assert.Empty(_emulator.DigitalOcean.SnapshotIds);
    }

    [Fact]
    public async Task DigitalOceanSnapshot_TagCallFails_SnapshotIsListedLater()
    {
        var provider = DigitalOcean();
        var droplet = await provider.CreateInstanceAsync(new InstanceRequest("snap-tag"));
        _emulator.AddFault(new FaultRule { Method = "POST", PathPrefix = "/v2/tags/managed-by:spuff/resources", Status = 500, Count = 50 });

        await Assert.ThrowsAsync<ProviderException>(() => provider.CreateSnapshotAsync(droplet.Id, "tag-broke"));
        _emulator.ClearFaults();
        var listed = Assert.Single(await ListAsync(provider));

        Assert.Equal("tag-broke", listed.Name);
        Assert.Equal(droplet.Id, listed.SourceInstanceId);
    }

    [Fact]
    public async Task DigitalOceanSnapshot_DropletRemovedWhileMarked_SnapshotIsTaggedFirst()
    {
        var provider = DigitalOcean();
        var droplet = await provider.CreateInstanceAsync(new InstanceRequest("snap-gone"));
        await CancelAfterTheRequestAsync(provider, droplet.Id, "before-remove", $"/v2/droplets/{droplet.Id}/actions");
        await UntilAsync(() => _emulator.DigitalOcean.SnapshotIds.Count == 1);

        await provider.DestroyInstanceAsync(droplet.Id);

        Assert.Empty(_emulator.DigitalOcean.DropletIds);
        Assert.Equal("before-remove", Assert.Single(await ListAsync(provider)).Name);
    }

    [Fact]
    public async Task DigitalOceanSnapshot_Finished_LeavesNoMarksAndCostsOneListRequestAfterwards()
    {
        var provider = DigitalOcean();
        var droplet = await provider.CreateInstanceAsync(new InstanceRequest("snap-ok"));

        var snapshot = await provider.CreateSnapshotAsync(droplet.Id, "clean");
        var labels = (await provider.GetInstanceAsync(droplet.Id))!.Labels;
        _emulator.Requests.Clear();
        Assert.Single(await ListAsync(provider));

        Assert.Equal("spuff", snapshot.Labels["managed-by"]);
        Assert.DoesNotContain(labels.Keys, k => k.StartsWith("spuff-snapshot", StringComparison.Ordinal));
        Assert.Equal(1, _emulator.Requests.Count("GET", "/v2/droplets"));
    }

    [Fact]
    public async Task DigitalOceanSnapshot_UntaggedSnapshotSpuffDidNotAskFor_IsStillRefused()
    {
        var provider = DigitalOcean();
        var droplet = await provider.CreateInstanceAsync(new InstanceRequest("snap-foreign"));
        using (var client = new HttpClient { BaseAddress = _emulator.DigitalOceanEndpoint })
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", EmulatorFixture.Token);
            using var response = await client.PostAsJsonAsync($"droplets/{droplet.Id}/actions", new { type = "snapshot", name = "console-made" });
            Assert.True(response.IsSuccessStatusCode);
        }

        await UntilAsync(() => _emulator.DigitalOcean.SnapshotIds.Count == 1);
        var error = await Assert.ThrowsAsync<ProviderException>(() => provider.DeleteSnapshotAsync(_emulator.DigitalOcean.SnapshotIds[0].ToString()));

        Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
        Assert.Empty(await ListAsync(provider));
        Assert.Single(_emulator.DigitalOcean.SnapshotIds);
    }

    [Fact]
    public async Task HetznerSnapshot_CancelledWhileTheActionRuns_IsListedAndRemovable()
    {
        var provider = Hetzner();
        var server = await provider.CreateInstanceAsync(new InstanceRequest("hsnap-cancel"));
        await UntilAsync(() => _emulator.Hetzner.GetServerStatus(long.Parse(server.Id)) == "running");

        await CancelAfterTheRequestAsync(provider, server.Id, "h-nightly", $"/v1/servers/{server.Id}/actions/create_image");
        var listed = Assert.Single(await ListAsync(provider));
        await provider.DeleteSnapshotAsync(listed.Id);

        Assert.Equal("h-nightly", listed.Name);
        Assert.Equal("spuff", listed.Labels["managed-by"]);
        Assert.Empty(await ListAsync(provider));
    }
}
