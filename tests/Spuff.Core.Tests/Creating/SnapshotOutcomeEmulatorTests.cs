using Spuff.Core.Tests.Support;
using Spuff.Emulator;
using Spuff.Emulator.Infrastructure;
using Spuff.Providers.DigitalOcean;
using Spuff.Providers.Hetzner;
using Xunit;

namespace Spuff.Core.Tests.Creating;

/// <summary>
/// Snapshot requests whose outcome is unknown (issue 9 §2 and §8): the answer to the snapshot POST is lost after the
/// provider acted (503, reset, stall beyond the HTTP timeout) or before it saw the request (503). Spuff finds the
/// snapshot the request started, resends only when absence is proved, and otherwise says a snapshot may exist.
/// </summary>
public sealed class SnapshotOutcomeEmulatorTests : IAsyncLifetime
{
    private EmulatorServer _emulator = null!;

    public async Task InitializeAsync() =>
        _emulator = await EmulatorServer.StartAsync(new EmulatorOptions { ReadyDelay = TimeSpan.Zero, ActionDelay = TimeSpan.FromMilliseconds(300) });

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    public static TheoryData<string> Providers => new() { "digitalocean", "hetzner" };

    private IProvider Provider(string name, TimeSpan? httpRequest = null)
    {
        var timeouts = new ProviderTimeouts(
            instanceReady: TimeSpan.FromSeconds(15),
            actionComplete: TimeSpan.FromSeconds(15),
            pollInterval: TimeSpan.FromMilliseconds(100),
            httpRequest: httpRequest ?? TimeSpan.FromSeconds(10),
            createVisibility: TimeSpan.FromMilliseconds(800));
        return name == "digitalocean"
            ? new DigitalOceanFactory().Create(new ProviderOptions { Token = EmulatorFixture.Token, Endpoint = _emulator.DigitalOceanEndpoint, Timeouts = timeouts })
            : new HetznerFactory().Create(new ProviderOptions { Token = EmulatorFixture.Token, Endpoint = _emulator.HetznerEndpoint, Timeouts = timeouts });
    }

    private static string SnapshotPost(string provider, string id) =>
        provider == "digitalocean" ? $"/v2/droplets/{id}/actions" : $"/v1/servers/{id}/actions/create_image";

    private IReadOnlyList<long> Snapshots(string provider) =>
        provider == "digitalocean" ? _emulator.DigitalOcean.SnapshotIds : _emulator.Hetzner.SnapshotIds;

    private async Task<string> InstanceAsync(IProvider provider)
    {
        var made = await provider.CreateInstanceAsync(new InstanceRequest("snap-" + Guid.NewGuid().ToString("N")[..8]));
        await provider.WaitReadyAsync(made.Id);
        return made.Id;
    }

    private async Task AssertMadeOnceAsync(string providerName, FaultRule fault, TimeSpan? httpRequest = null, int posts = 1)
    {
        var provider = Provider(providerName, httpRequest);
        var id = await InstanceAsync(provider);
        _emulator.AddFault(fault with { PathPrefix = SnapshotPost(providerName, id) });

        var snapshot = await provider.CreateSnapshotAsync(id, "nightly");

        var only = Assert.Single(Snapshots(providerName));
        Assert.Equal(only.ToString(), snapshot.Id);
        Assert.Equal("nightly", snapshot.Name);
        Assert.Equal("spuff", snapshot.Labels["managed-by"]);
        Assert.Equal(posts, _emulator.Requests.Count("POST", SnapshotPost(providerName, id)));
        var listed = new List<Snapshot>();
        await foreach (var s in provider.ListSnapshotsAsync()) listed.Add(s);
        Assert.Equal(snapshot.Id, Assert.Single(listed).Id);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public Task CreateSnapshot_503AfterTheProviderActed_ContinuesWithTheSnapshotItStarted(string provider) =>
        AssertMadeOnceAsync(provider, new FaultRule { Method = "POST", Status = 503, After = true });

    [Theory]
    [MemberData(nameof(Providers))]
    public Task CreateSnapshot_ResetAfterTheProviderActed_ContinuesWithTheSnapshotItStarted(string provider) =>
        AssertMadeOnceAsync(provider, new FaultRule { Method = "POST", DropConnection = true, After = true });

    [Theory]
    [MemberData(nameof(Providers))]
    public Task CreateSnapshot_AnswerStalledBeyondTheHttpTimeout_ContinuesWithTheSnapshotItStarted(string provider) =>
        AssertMadeOnceAsync(provider, new FaultRule { Method = "POST", DelayMs = 3000, After = true }, httpRequest: TimeSpan.FromSeconds(1));

    [Theory]
    [MemberData(nameof(Providers))]
    public Task CreateSnapshot_503BeforeTheProviderSawIt_ProvesAbsenceAndSendsItAgain(string provider) =>
        AssertMadeOnceAsync(provider, new FaultRule { Method = "POST", Status = 503 }, posts: 2);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task CreateSnapshot_LookupFailsAfterAnAmbiguousFailure_SaysASnapshotMayExist(string providerName)
    {
        var provider = Provider(providerName);
        var id = await InstanceAsync(provider);
        _emulator.AddFault(new FaultRule { Method = "POST", PathPrefix = SnapshotPost(providerName, id), Status = 503, After = true });
        var lookup = providerName == "digitalocean" ? $"/v2/droplets/{id}/actions" : "/v1/images";
        _emulator.AddFault(new FaultRule { Method = "GET", PathPrefix = lookup, Status = 500, Count = 1000 });

        var error = await Assert.ThrowsAsync<ProviderException>(() => provider.CreateSnapshotAsync(id, "nightly"));

        Assert.True(error.OutcomeUnknown);
        Assert.Equal(503, error.StatusCode);
        Assert.Contains($"Get-SpuffSnapshot -Provider {providerName} -Name 'nightly'", error.Message);
        Assert.Contains("may exist", error.Message);
        Assert.Equal(1, _emulator.Requests.Count("POST", SnapshotPost(providerName, id)));
    }
}
