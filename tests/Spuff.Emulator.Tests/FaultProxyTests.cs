using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Spuff.FaultProxy;
using Xunit;

namespace Spuff.Emulator.Tests;

/// <summary>The chaos proxy in front of a real emulator: what reaches the provider, what the client hears.</summary>
public sealed class FaultProxyTests : IAsyncLifetime
{
    private EmulatorServer _emulator = null!;

    public async Task InitializeAsync() =>
        _emulator = await EmulatorServer.StartAsync(new EmulatorOptions { ReadyDelay = TimeSpan.Zero, ActionDelay = TimeSpan.Zero });

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task UnavailableAfter_PostReachesProviderButClientHears503()
    {
        await using var proxy = await StartAsync(FaultKind.UnavailableAfter);
        using var client = Client(proxy, "v2/");

        using var response = await client.PostAsJsonAsync("droplets", Droplet("after-1"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("service_unavailable", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        Assert.Equal(1, await CountDropletsAsync("after-1"));
        var entry = Assert.Single(proxy.Plan.Log());
        Assert.Equal(FaultKind.UnavailableAfter, entry.Fault);
        Assert.Equal(202, entry.UpstreamStatus);
    }

    [Fact]
    public async Task UnavailableBefore_PostNeverReachesProvider()
    {
        await using var proxy = await StartAsync(FaultKind.UnavailableBefore);
        using var client = Client(proxy, "v1/");

        using var response = await client.PostAsJsonAsync("servers", new { name = "before-1", server_type = "cx23", image = "ubuntu-24.04" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("unavailable", error.GetProperty("code").GetString());
        Assert.Equal(0, _emulator.Requests.Count("POST", "/v1/servers"));
        Assert.Equal(0, Assert.Single(proxy.Plan.Log()).UpstreamStatus);
    }

    [Fact]
    public async Task Throttle_AnswersInProviderShapeWithoutForwarding()
    {
        await using var proxy = await StartAsync(FaultKind.Throttle);
        using var hetzner = Client(proxy, "v1/");
        using var digitalOcean = Client(proxy, "v2/");

        using var fromHetzner = await hetzner.GetAsync("servers");
        using var fromDigitalOcean = await digitalOcean.GetAsync("droplets");

        Assert.Equal(HttpStatusCode.TooManyRequests, fromHetzner.StatusCode);
        Assert.Equal("0", fromHetzner.Headers.GetValues("RateLimit-Remaining").Single());
        Assert.Equal(HttpStatusCode.TooManyRequests, fromDigitalOcean.StatusCode);
        Assert.Equal("1", fromDigitalOcean.Headers.GetValues("retry-after").Single());
        Assert.Equal(0, _emulator.Requests.Count("GET", "/v1/servers") + _emulator.Requests.Count("GET", "/v2/droplets"));
    }

    [Fact]
    public async Task ResetAfter_ProviderActsAndConnectionDrops()
    {
        await using var proxy = await StartAsync(FaultKind.ResetAfter);
        using var client = Client(proxy, "v2/");

        await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsJsonAsync("droplets", Droplet("reset-1")));

        Assert.Equal(1, await CountDropletsAsync("reset-1"));
    }

    [Fact]
    public async Task StallAfter_ClientTimesOutWhileProviderActs()
    {
        await using var proxy = await StartAsync(FaultKind.StallAfter, stallMs: 5_000);
        using var client = Client(proxy, "v2/");
        client.Timeout = TimeSpan.FromMilliseconds(300);

        await Assert.ThrowsAsync<TaskCanceledException>(() => client.PostAsJsonAsync("droplets", Droplet("stall-1")));

        Assert.Equal(1, await CountDropletsAsync("stall-1"));
    }

    [Fact]
    public async Task SameSeed_SameFaultSequence()
    {
        var first = await SequenceAsync(seed: 42);
        var second = await SequenceAsync(seed: 42);
        var other = await SequenceAsync(seed: 7);

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        Assert.InRange(first.Count(k => k != FaultKind.None), 1, 59);
    }

    [Fact]
    public async Task DisabledOrEmulatorControl_PassUntouched()
    {
        await using var proxy = await StartAsync(FaultKind.UnavailableBefore);
        using var control = new HttpClient { BaseAddress = proxy.BaseAddress };
        using var config = await control.PostAsJsonAsync("_proxy/config", new { rate = 1.0, enabled = false });
        config.EnsureSuccessStatusCode();
        using var client = Client(proxy, "v2/");

        using var listed = await client.GetAsync("droplets");
        using var emulatorControl = await control.GetAsync("_emulator/requests");

        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, emulatorControl.StatusCode);
        Assert.Equal(FaultKind.None, Assert.Single(proxy.Plan.Log()).Fault);
    }

    private async Task<List<FaultKind>> SequenceAsync(int seed)
    {
        await using var proxy = await ProxyServer.StartAsync(_emulator.BaseAddress, new ProxySettings { Seed = seed, Rate = 0.3, Kinds = { FaultKind.Throttle, FaultKind.UnavailableBefore } });
        using var client = Client(proxy, "v2/");
        for (var i = 0; i < 60; i++)
        {
            using var response = await client.GetAsync("regions");
        }

        return proxy.Plan.Log().Select(e => e.Fault).ToList();
    }

    private Task<ProxyServer> StartAsync(FaultKind kind, int stallMs = 3000) =>
        ProxyServer.StartAsync(_emulator.BaseAddress, new ProxySettings { Rate = 1, Seed = 1, StallMs = stallMs, Kinds = { kind } });

    private static HttpClient Client(ProxyServer proxy, string prefix)
    {
        var client = new HttpClient { BaseAddress = new Uri(proxy.BaseAddress, prefix) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "test-token");
        return client;
    }

    private static object Droplet(string name) => new { name, region = "nyc3", size = "s-1vcpu-1gb", image = "ubuntu-24-04-x64" };

    private async Task<int> CountDropletsAsync(string name)
    {
        using var client = new HttpClient { BaseAddress = _emulator.DigitalOceanEndpoint };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "test-token");
        var list = await client.GetFromJsonAsync<JsonElement>("droplets?per_page=200");
        return list.GetProperty("droplets").EnumerateArray().Count(d => d.GetProperty("name").GetString() == name);
    }
}
