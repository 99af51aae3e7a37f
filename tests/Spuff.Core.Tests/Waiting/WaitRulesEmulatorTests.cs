using System.Net.Http.Headers;
using Spuff.Emulator;
using Spuff.Emulator.Infrastructure;
using Spuff.Providers.DigitalOcean;
using Spuff.Providers.Hetzner;
using Spuff.Providers.Waiting;
using Xunit;

namespace Spuff.Core.Tests.Waiting;

/// <summary>
/// The shared wait rules against the emulator, on DigitalOcean and Hetzner: grace after create, tolerated failed
/// polls, and Hetzner's failed start. One emulator of its own, so its faults and counts see no other test.
/// </summary>
public sealed class WaitRulesEmulatorTests : IAsyncLifetime
{
    private static readonly ProviderTimeouts Timeouts = new(
        instanceReady: TimeSpan.FromSeconds(20),
        actionComplete: TimeSpan.FromSeconds(20),
        pollInterval: TimeSpan.FromMilliseconds(50),
        httpRequest: TimeSpan.FromSeconds(10));

    private EmulatorServer _emulator = null!;

    public async Task InitializeAsync() =>
        _emulator = await EmulatorServer.StartAsync(new EmulatorOptions { ReadyDelay = TimeSpan.FromMilliseconds(300), ActionDelay = TimeSpan.FromMilliseconds(300) });

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    private IProvider Create(string provider) => provider switch
    {
        "hetzner" => new HetznerFactory().Create(new ProviderOptions { Token = "t", Endpoint = _emulator.HetznerEndpoint, Timeouts = Timeouts }),
        _ => new DigitalOceanFactory().Create(new ProviderOptions { Token = "t", Endpoint = _emulator.DigitalOceanEndpoint, Timeouts = Timeouts }),
    };

    private static string PathOf(string provider, string id) => provider == "hetzner" ? "/v1/servers/" + id : "/v2/droplets/" + id;

    private static ReadinessRules Rules(IProvider provider) => ((IBatchReadiness)provider).ReadinessRules;

    private static string Unique() => "w-" + Guid.NewGuid().ToString("N")[..10];

    private int Answered(string path, int status) =>
        _emulator.GetRequests().Count(r => r.Method == "GET" && r.Path == path && r.Status == status);

    [Theory]
    [InlineData("hetzner")]
    [InlineData("digitalocean")]
    public async Task WaitReady_NotFoundRightAfterCreate_WaitsUntilVisible(string name)
    {
        using var provider = (IDisposable)Create(name);
        var created = await ((IProvider)provider).CreateInstanceAsync(new InstanceRequest(Unique()));
        _emulator.AddFault(new FaultRule { Method = "GET", PathPrefix = PathOf(name, created.Id), Status = 404, Count = 3 });

        var ready = await ((IProvider)provider).WaitReadyAsync(created.Id);

        Assert.True(ready.IsReady);
        Assert.Equal(3, Answered(PathOf(name, created.Id), 404));
    }

    [Theory]
    [InlineData("hetzner")]
    [InlineData("digitalocean")]
    public async Task WaitAllReady_BatchInvisibleForAWhileAfterTheCreate_AllReady(string name)
    {
        _emulator.Configure(visibilityLag: TimeSpan.FromMilliseconds(600));
        var creator = Create(name);
        var batch = new List<ProviderInstance>();
        for (var i = 0; i < 3; i++)
        {
            batch.Add(await creator.CreateInstanceAsync(new InstanceRequest(Unique())));
        }

        var results = new List<ReadyResult>();
        await foreach (var result in ReadinessWaiter.WaitAllReadyAsync(Create(name), batch.Select(b => new WaitTarget(b.Id, b)).ToList(), Timeouts))
        {
            results.Add(result);
        }

        Assert.Equal(3, results.Count);
        Assert.All(results, r => Assert.Null(r.Error));
        Assert.Contains(_emulator.GetRequests(), r => r.Method == "GET" && r.Status == 404);
    }

    [Theory]
    [InlineData("hetzner")]
    [InlineData("digitalocean")]
    public async Task WaitReady_InvisibleForAWhileAfterTheCreate_Succeeds(string name)
    {
        _emulator.Configure(visibilityLag: TimeSpan.FromMilliseconds(600));
        var provider = Create(name);
        var created = await provider.CreateInstanceAsync(new InstanceRequest(Unique()));

        var ready = await provider.WaitReadyAsync(created.Id);

        Assert.True(ready.IsReady);
        Assert.True(Answered(PathOf(name, created.Id), 404) >= 1);
    }

    [Theory]
    [InlineData("hetzner")]
    [InlineData("digitalocean")]
    public async Task WaitReady_NotFoundBeyondTheGrace_FailsNotFound(string name)
    {
        var provider = Create(name);
        Rules(provider).Grace = TimeSpan.FromMilliseconds(400);
        var created = await provider.CreateInstanceAsync(new InstanceRequest(Unique()));
        _emulator.AddFault(new FaultRule { Method = "GET", PathPrefix = PathOf(name, created.Id), Status = 404, Count = 10_000 });

        var error = await Assert.ThrowsAsync<ProviderException>(() => provider.WaitReadyAsync(created.Id));

        Assert.Equal(ProviderErrorKind.NotFound, error.Kind);
        Assert.Equal(created.Id, error.ResourceId);
        Assert.Contains("grace", error.Message);
        Assert.True(Answered(PathOf(name, created.Id), 404) >= 2);
    }

    [Theory]
    [InlineData("hetzner", "987654321")]
    [InlineData("digitalocean", "987654321")]
    public async Task WaitReady_UnknownIdThisProviderDidNotCreate_FailsNotFoundAtOnce(string name, string id)
    {
        var provider = Create(name);

        var error = await Assert.ThrowsAsync<ProviderException>(() => provider.WaitReadyAsync(id));

        Assert.Equal(ProviderErrorKind.NotFound, error.Kind);
        Assert.Equal(1, Answered(PathOf(name, id), 404));
    }

    [Theory]
    [InlineData("hetzner")]
    [InlineData("digitalocean")]
    public async Task WaitReady_OneServerErrorMidWait_Succeeds(string name)
    {
        var provider = Create(name);
        var created = await provider.CreateInstanceAsync(new InstanceRequest(Unique()));
        _emulator.AddFault(new FaultRule { Method = "GET", PathPrefix = PathOf(name, created.Id), Status = 500, Count = 1 });

        var ready = await provider.WaitReadyAsync(created.Id);

        Assert.True(ready.IsReady);
        Assert.Equal(1, Answered(PathOf(name, created.Id), 500));
    }

    [Theory]
    [InlineData("hetzner")]
    [InlineData("digitalocean")]
    public async Task WaitReady_ServerErrorsPersist_FailsAfterFourPollsSayingSo(string name)
    {
        var provider = Create(name);
        var created = await provider.CreateInstanceAsync(new InstanceRequest(Unique()));
        _emulator.AddFault(new FaultRule { Method = "GET", PathPrefix = PathOf(name, created.Id), Status = 500, Count = 10_000 });

        var error = await Assert.ThrowsAsync<ProviderException>(() => provider.WaitReadyAsync(created.Id));

        Assert.Equal(ProviderErrorKind.Api, error.Kind);
        Assert.Equal(500, error.StatusCode);
        Assert.Contains("4 polls in a row failed", error.Message);
        Assert.Equal(4, Answered(PathOf(name, created.Id), 500));
    }

    [Fact]
    public async Task Hetzner_WaitReady_FailedStart_FailsFastWithTheActionsCodeAndMessage()
    {
        var provider = Create("hetzner");
        _emulator.Hetzner.FailNextStarts(1);
        var created = await provider.CreateInstanceAsync(new InstanceRequest(Unique()));

        var error = await Assert.ThrowsAsync<ProviderException>(() => provider.WaitReadyAsync(created.Id));

        Assert.Equal(ProviderErrorKind.Api, error.Kind);
        Assert.Equal("unknown_error", error.ErrorCode);
        Assert.Contains("unknown_error", error.Message);
        Assert.Contains("Server could not be started", error.Message);
        Assert.DoesNotContain("timed out", error.Message);
        // Failed as soon as the server was off (about 300 ms at 50 ms a poll), not after the 20 s timeout.
        Assert.InRange(Answered(PathOf("hetzner", created.Id), 200), 1, 40);
        Assert.Equal(1, _emulator.GetRequests().Count(r => r.Path == $"/v1/servers/{created.Id}/actions"));
    }

    [Fact]
    public async Task Hetzner_BatchWaitOnAFreshProvider_FailedStartFailsAloneWithItsCode()
    {
        var creator = Create("hetzner");
        _emulator.Hetzner.FailNextStarts(1);
        var bad = await creator.CreateInstanceAsync(new InstanceRequest(Unique()));
        var good = await creator.CreateInstanceAsync(new InstanceRequest(Unique()));

        var results = new Dictionary<string, ReadyResult>();
        await foreach (var result in ReadinessWaiter.WaitAllReadyAsync(Create("hetzner"), new[] { new WaitTarget(bad.Id, bad), new WaitTarget(good.Id, good) }, Timeouts))
        {
            results[result.Id] = result;
        }

        Assert.Equal("unknown_error", results[bad.Id].Error!.ErrorCode);
        Assert.Equal(bad.Id, results[bad.Id].Error!.ResourceId);
        Assert.Null(results[good.Id].Error);
        Assert.True(results[good.Id].Instance!.IsReady);
    }

    [Fact]
    public async Task Hetzner_CreateInstance_MarksTheServerForBatchedWaits()
    {
        var created = await Create("hetzner").CreateInstanceAsync(new InstanceRequest(Unique()));

        Assert.Matches("^[0-9a-f]{12}$", created.Labels[HetznerLabels.RequestMarkKey]);
        Assert.Equal("spuff", created.Labels["managed-by"]);
    }

    [Fact]
    public async Task Emulator_FailedStartsControlEndpoint_MakesTheNextCreateFail()
    {
        using var control = new HttpClient { BaseAddress = _emulator.BaseAddress };
        using (var answer = await control.PostAsync("_emulator/hetzner/failed-starts", new StringContent("{\"count\":1}", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(System.Net.HttpStatusCode.NoContent, answer.StatusCode);
        }

        using (var bad = await control.PostAsync("_emulator/hetzner/failed-starts", new StringContent("{\"count\":-1}", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        }

        var provider = Create("hetzner");
        var created = await provider.CreateInstanceAsync(new InstanceRequest(Unique()));
        await Assert.ThrowsAsync<ProviderException>(() => provider.WaitReadyAsync(created.Id));
        Assert.Equal("off", _emulator.Hetzner.GetServerStatus(long.Parse(created.Id)));
        using var api = new HttpClient { BaseAddress = _emulator.HetznerEndpoint };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "t");
        var actions = await api.GetStringAsync($"servers/{created.Id}/actions?sort=id:desc");
        Assert.Contains("\"unknown_error\"", actions);
        Assert.Contains("\"error\"", actions);
    }
}
