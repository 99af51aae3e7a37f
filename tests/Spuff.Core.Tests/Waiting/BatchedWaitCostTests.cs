using System.Net.Http.Headers;
using System.Net.Http.Json;
using Spuff.Emulator;
using Spuff.Providers.DigitalOcean;
using Spuff.Providers.Hetzner;
using Spuff.Providers.Waiting;
using Xunit;

namespace Spuff.Core.Tests.Waiting;

/// <summary>
/// A batched wait costs what the batch needs, not what the account holds: 20 new instances in an account of 1,000
/// managed ones, counted at the emulator. One emulator of its own (seeded through its API with another token).
/// </summary>
public sealed class BatchedWaitCostTests : IAsyncLifetime
{
    private const int Seeded = 1_000;
    private const int Batch = 20;

    private static readonly ProviderTimeouts Timeouts = new(
        instanceReady: TimeSpan.FromSeconds(30),
        pollInterval: TimeSpan.FromMilliseconds(100),
        httpRequest: TimeSpan.FromSeconds(10));

    private EmulatorServer _emulator = null!;

    public async Task InitializeAsync() =>
        _emulator = await EmulatorServer.StartAsync(new EmulatorOptions { ReadyDelay = TimeSpan.FromSeconds(1) });

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    private HttpClient Seeder(Uri endpoint)
    {
        var client = new HttpClient { BaseAddress = endpoint };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "seed-token");
        return client;
    }

    [Fact]
    public async Task Hetzner_WaitAllReady_TwentyAmongAThousand_OneRequestPerPoll()
    {
        using (var seed = Seeder(_emulator.HetznerEndpoint))
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, Seeded), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            {
                using var answer = await seed.PostAsJsonAsync("servers", new { name = $"seed-{i}", server_type = "cx23", image = "ubuntu-24.04", labels = new Dictionary<string, string> { ["managed-by"] = "spuff" } }, ct);
                answer.EnsureSuccessStatusCode();
            });
        }

        var creator = new HetznerFactory().Create(new ProviderOptions { Token = "t", Endpoint = _emulator.HetznerEndpoint, Timeouts = Timeouts });
        var batch = new List<ProviderInstance>();
        for (var i = 0; i < Batch; i++)
        {
            batch.Add(await creator.CreateInstanceAsync(new InstanceRequest($"batch-{i}")));
        }

        var (ready, polls) = await WaitAsync(new HetznerFactory().Create(new ProviderOptions { Token = "t", Endpoint = _emulator.HetznerEndpoint, Timeouts = Timeouts }), batch);

        Assert.Equal(Batch, ready);
        var requests = _emulator.GetRequests().Where(r => r.Method == "GET").ToList();
        Assert.True(polls >= 2, $"{polls} polls");
        // One request per poll: a label-selector list over the batch's marks (20 fit one page), or a GET when one
        // server is left; never a walk of the 1,020 managed servers.
        Assert.Equal(polls, requests.Count);
        Assert.All(requests, r => Assert.True(
            Uri.UnescapeDataString(r.Query).Contains("spuff-request in (", StringComparison.Ordinal) || r.Path.StartsWith("/v1/servers/", StringComparison.Ordinal),
            $"{r.Path}?{r.Query}"));
    }

    [Fact]
    public async Task DigitalOcean_WaitAllReady_TwentyAmongAThousand_AtMostTwoRequestsPerPoll()
    {
        using (var seed = Seeder(_emulator.DigitalOceanEndpoint))
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, Seeded / 10), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            {
                var names = Enumerable.Range(0, 10).Select(n => $"seed-{i}-{n}").ToArray();
                using var answer = await seed.PostAsJsonAsync("droplets", new { names, region = "nyc3", size = "s-1vcpu-1gb", image = "ubuntu-24-04-x64", tags = new[] { "managed-by:spuff" } }, ct);
                answer.EnsureSuccessStatusCode();
            });
        }

        var creator = new DigitalOceanFactory().Create(new ProviderOptions { Token = "t", Endpoint = _emulator.DigitalOceanEndpoint, Timeouts = Timeouts });
        var batch = new List<ProviderInstance>();
        for (var i = 0; i < Batch; i++)
        {
            batch.Add(await creator.CreateInstanceAsync(new InstanceRequest($"batch-{i}")));
        }

        var (ready, polls) = await WaitAsync(new DigitalOceanFactory().Create(new ProviderOptions { Token = "t", Endpoint = _emulator.DigitalOceanEndpoint, Timeouts = Timeouts }), batch);

        Assert.Equal(Batch, ready);
        var requests = _emulator.GetRequests().Where(r => r.Method == "GET").ToList();
        Assert.True(polls >= 2, $"{polls} polls");
        // The first poll reads page 1 (for the total) and the last page, where the batch sits; later polls only
        // the last page. Never the six pages of the whole account, nor a GET per droplet.
        Assert.InRange(requests.Count, polls, polls + 1);
        Assert.DoesNotContain(requests, r => r.Path.StartsWith("/v2/droplets/", StringComparison.Ordinal));
    }

    private async Task<(int Ready, int Polls)> WaitAsync(IProvider provider, List<ProviderInstance> batch)
    {
        _emulator.Requests.Clear();
        var polls = 0;
        var ready = 0;
        var progress = new DigitalOcean.SyncProgress<OperationProgress>(_ => polls++);
        await foreach (var result in ReadinessWaiter.WaitAllReadyAsync(provider, batch.Select(i => new WaitTarget(i.Id, i)).ToList(), Timeouts, progress))
        {
            Assert.Null(result.Error);
            ready++;
        }

        return (ready, polls);
    }
}
