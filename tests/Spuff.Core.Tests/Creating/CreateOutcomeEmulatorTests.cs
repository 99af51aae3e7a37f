using Spuff.Emulator;
using Spuff.Emulator.Infrastructure;
using Spuff.Core.Tests.Support;
using Spuff.Providers.DigitalOcean;
using Spuff.Providers.Hetzner;
using Xunit;

namespace Spuff.Core.Tests.Creating;

/// <summary>
/// Creates whose outcome is unknown (issue 9 §2), against the emulator's after-handler faults and visibility lag:
/// an instance is found despite a lost answer and late lists, absence is claimed only when proved, a re-run never makes
/// a second instance, and a Hetzner fault that never reached the provider costs nothing.
/// </summary>
public sealed class CreateOutcomeEmulatorTests : IAsyncLifetime
{
    private EmulatorServer _emulator = null!;

    public async Task InitializeAsync() =>
        _emulator = await EmulatorServer.StartAsync(new EmulatorOptions { ReadyDelay = EmulatorFixture.Delay, ActionDelay = EmulatorFixture.Delay });

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    private static ProviderTimeouts Timeouts(TimeSpan createVisibility, TimeSpan? httpRequest = null) => new(
        instanceReady: TimeSpan.FromSeconds(15),
        actionComplete: TimeSpan.FromSeconds(15),
        pollInterval: TimeSpan.FromMilliseconds(100),
        httpRequest: httpRequest ?? TimeSpan.FromSeconds(10),
        createVisibility: createVisibility);

    private IProvider DigitalOcean(ProviderTimeouts timeouts, IProviderLog? log = null) =>
        new DigitalOceanFactory().Create(new ProviderOptions { Token = EmulatorFixture.Token, Endpoint = _emulator.DigitalOceanEndpoint, Timeouts = timeouts, Log = log });

    private IProvider Hetzner(ProviderTimeouts timeouts, IProviderLog? log = null) =>
        new HetznerFactory().Create(new ProviderOptions { Token = EmulatorFixture.Token, Endpoint = _emulator.HetznerEndpoint, Timeouts = timeouts, Log = log });

    private static async Task UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the emulator did not get there within 10 s");
            await Task.Delay(25);
        }
    }

    [Fact]
    public async Task DigitalOceanCreate_502AfterTheDropletWasMadeAndListedLate_ReturnsItAndMakesNoSecond()
    {
        _emulator.Configure(visibilityLag: TimeSpan.FromMilliseconds(1500));
        _emulator.AddFault(new FaultRule { Method = "POST", PathPrefix = "/v2/droplets", Status = 502, After = true });
        var provider = DigitalOcean(Timeouts(TimeSpan.FromSeconds(15)));

        var created = await provider.CreateInstanceAsync(new InstanceRequest(Unique("lag")));

        var only = Assert.Single(_emulator.DigitalOcean.DropletIds);
        Assert.Equal(only.ToString(), created.Id);
        Assert.Equal(1, _emulator.Requests.Count("POST", "/v2/droplets"));
    }

    [Fact]
    public async Task DigitalOceanCreate_RerunAfterAnUnresolvedFailure_ReportsTheEarlierDropletNotASecond()
    {
        var name = Unique("rerun");
        _emulator.Configure(visibilityLag: TimeSpan.FromSeconds(30));
        _emulator.AddFault(new FaultRule { Method = "POST", PathPrefix = "/v2/droplets", Status = 502, After = true });
        var provider = DigitalOcean(Timeouts(TimeSpan.FromMilliseconds(400)));

        var failed = await Assert.ThrowsAsync<ProviderException>(() => provider.CreateInstanceAsync(new InstanceRequest(name)));
        _emulator.Configure(visibilityLag: TimeSpan.Zero);
        var rerun = await Assert.ThrowsAsync<ProviderException>(() => provider.CreateInstanceAsync(new InstanceRequest(name)));

        Assert.True(failed.OutcomeUnknown);
        Assert.Equal(502, failed.StatusCode);
        Assert.Contains($"Get-SpuffInstance -Provider digitalocean -Name {name}", failed.Message);
        Assert.DoesNotContain("nothing was created", failed.Message);
        Assert.Equal(ProviderErrorKind.AlreadyExists, rerun.Kind);
        var only = Assert.Single(_emulator.DigitalOcean.DropletIds);
        Assert.Equal(only.ToString(), rerun.Instance!.Id);
        Assert.Equal(name, rerun.Instance.Name);
        Assert.Equal(1, _emulator.Requests.Count("POST", "/v2/droplets"));
    }

    [Fact]
    public async Task DigitalOceanCreate_ProviderActsAfterTheClientTimeout_SaysItMayExistAndARerunFindsIt()
    {
        var name = Unique("late");
        _emulator.AddFault(new FaultRule { Method = "POST", PathPrefix = "/v2/droplets", ActDelayMs = 1500 });
        var provider = DigitalOcean(Timeouts(TimeSpan.FromMilliseconds(300), httpRequest: TimeSpan.FromMilliseconds(400)));

        var failed = await Assert.ThrowsAsync<ProviderException>(() => provider.CreateInstanceAsync(new InstanceRequest(name)));
        await UntilAsync(() => _emulator.DigitalOcean.DropletIds.Count == 1);
        var rerun = await Assert.ThrowsAsync<ProviderException>(() => provider.CreateInstanceAsync(new InstanceRequest(name)));

        Assert.True(failed.OutcomeUnknown);
        Assert.Contains("may exist", failed.Message);
        Assert.Equal(ProviderErrorKind.AlreadyExists, rerun.Kind);
        Assert.Equal(_emulator.DigitalOcean.DropletIds[0].ToString(), rerun.Instance!.Id);
        Assert.Single(_emulator.DigitalOcean.DropletIds);
    }

    [Fact]
    public async Task DigitalOceanCreate_SameNameAsADropletSpuffDidNotMake_CreatesIt()
    {
        var name = Unique("foreign");
        using (var raw = new RawClient(_emulator))
        {
            await raw.CreateRawDropletAsync(name);
        }

        var created = await DigitalOcean(Timeouts(TimeSpan.FromMilliseconds(300))).CreateInstanceAsync(new InstanceRequest(name));

        Assert.Equal(2, _emulator.DigitalOcean.DropletIds.Count);
        Assert.Equal(name, created.Name);
    }

    [Fact]
    public async Task HetznerCreate_503ThatNeverReachedTheProvider_IsRetriedAndCostsNothing()
    {
        _emulator.AddFault(new FaultRule { Method = "POST", PathPrefix = "/v1/servers", Status = 503 });
        var log = new CapturingLog();

        var created = await Hetzner(Timeouts(TimeSpan.FromSeconds(5)), log).CreateInstanceAsync(new InstanceRequest(Unique("h503")));

        Assert.Equal(_emulator.Hetzner.ServerIds.Single().ToString(), created.Id);
        Assert.Equal(2, _emulator.Requests.Count("POST", "/v1/servers"));
    }

    [Fact]
    public async Task HetznerCreate_503AfterTheServerWasMadeAndListedLate_ReturnsItWithoutASecond()
    {
        _emulator.Configure(visibilityLag: TimeSpan.FromMilliseconds(1500));
        _emulator.AddFault(new FaultRule { Method = "POST", PathPrefix = "/v1/servers", Status = 503, After = true });

        var created = await Hetzner(Timeouts(TimeSpan.FromSeconds(15))).CreateInstanceAsync(new InstanceRequest(Unique("hlag")));

        Assert.Equal(_emulator.Hetzner.ServerIds.Single().ToString(), created.Id);
        Assert.Equal(2, _emulator.Requests.Count("POST", "/v1/servers"));
    }

    [Fact]
    public async Task HetznerCreate_ProviderActsAfterTheClientTimeout_EndsWithOneServer()
    {
        _emulator.AddFault(new FaultRule { Method = "POST", PathPrefix = "/v1/servers", ActDelayMs = 1500 });

        var created = await Hetzner(Timeouts(TimeSpan.FromSeconds(5), httpRequest: TimeSpan.FromMilliseconds(400))).CreateInstanceAsync(new InstanceRequest(Unique("hlate")));
        await UntilAsync(() => _emulator.Requests.Count("POST", "/v1/servers") == 2);

        Assert.Equal(_emulator.Hetzner.ServerIds.Single().ToString(), created.Id);
    }

    [Fact]
    public async Task HetznerCreate_Rerun_ReportsTheEarlierServerAsAlreadyExists()
    {
        var name = Unique("hrerun");
        var provider = Hetzner(Timeouts(TimeSpan.FromSeconds(5)));
        var first = await provider.CreateInstanceAsync(new InstanceRequest(name));

        var rerun = await Assert.ThrowsAsync<ProviderException>(() => provider.CreateInstanceAsync(new InstanceRequest(name)));

        Assert.Equal(ProviderErrorKind.AlreadyExists, rerun.Kind);
        Assert.Equal(first.Id, rerun.Instance!.Id);
        Assert.Equal("hetzner", rerun.Provider);
        Assert.Single(_emulator.Hetzner.ServerIds);
    }

    [Fact]
    public async Task HetznerCreate_NameOfAServerSpuffDidNotMake_IsInvalidConfigName()
    {
        var name = Unique("hforeign");
        using (var raw = new RawClient(_emulator))
        {
            await raw.CreateRawHetznerServerAsync(name);
        }

        var error = await Assert.ThrowsAsync<ProviderException>(() => Hetzner(Timeouts(TimeSpan.FromMilliseconds(300))).CreateInstanceAsync(new InstanceRequest(name)));

        Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
        Assert.Equal("Name", error.Field);
        Assert.Null(error.Instance);
    }

    [Fact]
    public async Task HetznerCreate_AmbiguousEveryTime_TriesThreeTimesThenSaysItMayExist()
    {
        _emulator.AddFault(new FaultRule { Method = "POST", PathPrefix = "/v1/servers", Status = 503, Count = 3 });

        var error = await Assert.ThrowsAsync<ProviderException>(() => Hetzner(Timeouts(TimeSpan.FromMilliseconds(300))).CreateInstanceAsync(new InstanceRequest("h-always")));

        Assert.True(error.OutcomeUnknown);
        Assert.Equal(503, error.StatusCode);
        Assert.Contains("Get-SpuffInstance -Provider hetzner -Name h-always", error.Message);
        Assert.Equal(3, _emulator.Requests.Count("POST", "/v1/servers"));
        Assert.Empty(_emulator.Hetzner.ServerIds);
    }

    /// <summary>Makes resources straight through the emulated APIs, without Spuff's marks.</summary>
    private sealed class RawClient : IDisposable
    {
        private readonly HttpClient _client = new();
        private readonly EmulatorServer _emulator;

        public RawClient(EmulatorServer emulator)
        {
            _emulator = emulator;
            _client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", EmulatorFixture.Token);
        }

        public async Task CreateRawDropletAsync(string name)
        {
            using var response = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(_client, new Uri(_emulator.DigitalOceanEndpoint, "droplets"), new { name, region = "nyc3", size = "s-1vcpu-1gb", image = "ubuntu-24-04-x64" });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        public async Task CreateRawHetznerServerAsync(string name)
        {
            using var response = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(_client, new Uri(_emulator.HetznerEndpoint, "servers"), new { name, server_type = "cx23", image = "ubuntu-24.04", location = "fsn1" });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        public void Dispose() => _client.Dispose();
    }
}
