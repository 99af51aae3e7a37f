using Spuff.Emulator.Infrastructure;
using Spuff.Providers.Waiting;
using Xunit;

namespace Spuff.Core.Tests.DigitalOcean;

/// <summary>Whole-lifecycle behaviour against the stateful emulator, including injected faults.</summary>
[Collection(DigitalOceanEmulatorCollection.Name)]
public sealed class DigitalOceanEmulatorTests
{
    private readonly DigitalOceanEmulatorFixture _emulator;

    public DigitalOceanEmulatorTests(DigitalOceanEmulatorFixture emulator) => _emulator = emulator;

    private static string Name() => "emu-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task CreateInstance_ServerErrorOnCreate_NotRetriedAndNothingLeftBehind()
    {
        var provider = _emulator.CreateProvider();
        var name = Name();
        var before = _emulator.Server.Requests.Count("POST", "/v2/droplets");
        _emulator.Server.AddFault(new FaultRule { Method = "POST", PathPrefix = "/v2/droplets", Status = 503, Count = 1 });

        var error = await Assert.ThrowsAsync<ProviderException>(() => provider.CreateInstanceAsync(new InstanceRequest(name)));

        Assert.Equal(503, error.StatusCode);
        Assert.Equal(before + 1, _emulator.Server.Requests.Count("POST", "/v2/droplets"));
        await foreach (var instance in provider.ListInstancesAsync())
        {
            Assert.NotEqual(name, instance.Name);
        }
    }

    [Fact]
    public async Task CreateInstance_SameIdempotencyTokenTwice_ReturnsTheFirstDropletInsteadOfASecond()
    {
        var provider = _emulator.CreateProvider();
        var name = Name();
        var token = "retry-" + Guid.NewGuid().ToString("N")[..12];

        var first = await provider.CreateInstanceAsync(new InstanceRequest(name) { IdempotencyToken = token });
        var second = await provider.CreateInstanceAsync(new InstanceRequest(name) { IdempotencyToken = token });

        Assert.Equal(first.Id, second.Id);
        var named = new List<string>();
        await foreach (var instance in provider.ListInstancesAsync())
        {
            if (instance.Name == name) named.Add(instance.Id);
        }

        Assert.Equal(new[] { first.Id }, named);
    }

    [Fact]
    public async Task CreateInstance_IdempotencyTokenNotATag_IsInvalidConfigNamingItBeforeAnyCall()
    {
        var provider = _emulator.CreateProvider();
        var before = _emulator.Server.Requests.Count("POST", "/v2/droplets");

        var error = await Assert.ThrowsAsync<ProviderException>(() => provider.CreateInstanceAsync(new InstanceRequest(Name()) { IdempotencyToken = "has space.dot" }));

        Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
        Assert.Equal("IdempotencyToken", error.Field);
        Assert.Equal(before, _emulator.Server.Requests.Count("POST", "/v2/droplets"));
    }

    [Fact]
    public async Task ListInstances_RateLimitedOnce_RetriesAfterTheRetryAfterAndSucceeds()
    {
        var provider = _emulator.CreateProvider();
        _emulator.Server.AddFault(new FaultRule { Method = "GET", PathPrefix = "/v2/droplets", Status = 429, RetryAfterSeconds = 1, Count = 1 });
        var started = DateTime.UtcNow;

        await foreach (var unused in provider.ListInstancesAsync())
        {
        }

        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(0.9));
    }

    [Fact]
    public async Task GetInstance_DroppedConnectionOnce_IsRetriedBecauseGetIsIdempotent()
    {
        var provider = _emulator.CreateProvider();
        var created = await provider.CreateInstanceAsync(new InstanceRequest(Name()));
        _emulator.Server.AddFault(new FaultRule { Method = "GET", PathPrefix = "/v2/droplets/" + created.Id, DropConnection = true, Count = 1 });

        var fetched = await provider.GetInstanceAsync(created.Id);

        Assert.Equal(created.Id, fetched!.Id);
        await provider.DestroyInstanceAsync(created.Id);
    }

    [Fact]
    public async Task WaitAllReady_ThreeDroplets_AboutOneRequestPerPollNotOneGetPerDroplet()
    {
        var provider = _emulator.CreateProvider();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await provider.CreateInstanceAsync(new InstanceRequest(Name()))).Id);
        }

        var before = _emulator.Server.Requests.Count("GET", "/v2/droplets");
        var polls = 0;
        var ready = new List<string>();
        await foreach (var result in ReadinessWaiter.WaitAllReadyAsync(provider, ids, DigitalOceanEmulatorFixture.Timeouts, new SyncProgress<OperationProgress>(_ => polls++)))
        {
            Assert.Null(result.Error);
            ready.Add(result.Id);
        }

        Assert.Equal(ids.OrderBy(i => i), ready.OrderBy(i => i));
        // A page of the listing per poll (the first poll also reads page 1 for the total when the account has more
        // pages), or one GET when a single droplet is left: never a GET per droplet per poll.
        Assert.InRange(_emulator.Server.Requests.Count("GET", "/v2/droplets") - before, polls, polls + 1);
        foreach (var id in ids)
        {
            await provider.DestroyInstanceAsync(id);
        }
    }

    [Fact]
    public async Task CreateSnapshot_ActionErrors_ReportsTheActionError()
    {
        var provider = _emulator.CreateProvider();
        var created = await provider.CreateInstanceAsync(new InstanceRequest(Name()));
        try
        {
            await provider.WaitReadyAsync(created.Id);
            _emulator.Server.DigitalOcean.ErrorNextActions(1);

            var error = await Assert.ThrowsAsync<ProviderException>(() => provider.CreateSnapshotAsync(created.Id, "doomed"));

            Assert.Equal("errored", error.ErrorCode);
        }
        finally
        {
            await provider.DestroyInstanceAsync(created.Id);
        }
    }

    [Fact]
    public async Task AnyCall_BadToken_AuthenticationFromTheEmulator()
    {
        var provider = _emulator.CreateProvider(token: "bad-token");
        var error = await Assert.ThrowsAsync<ProviderException>(() => provider.GetSshKeysAsync());
        Assert.Equal(ProviderErrorKind.Authentication, error.Kind);
        Assert.Contains("DIGITALOCEAN_TOKEN", error.Message);
    }
}
