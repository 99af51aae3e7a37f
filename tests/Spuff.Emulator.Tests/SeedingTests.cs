using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Spuff.Emulator.Tests.Support;
using Xunit;

namespace Spuff.Emulator.Tests;

/// <summary>Seeded accounts (for benchmarks): many spuff-managed, ready instances, listed page by page.</summary>
public sealed class SeedingTests : EmulatorTestBase
{
    private HttpClient Hetzner()
    {
        var client = new HttpClient { BaseAddress = Server.HetznerEndpoint, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "seed-token");
        return client;
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path} → {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await ReadJsonAsync(response);
    }

    [Fact]
    public async Task SeedHetznerServers_FiftyThousand_PagesSliceTheWholeAccount()
    {
        var total = Server.SeedHetznerServers(50_000);
        using var client = Hetzner();

        var first = await GetAsync(client, "servers?label_selector=managed-by%3Dspuff&per_page=50");
        var middle = await GetAsync(client, "servers?label_selector=managed-by%3Dspuff&per_page=50&page=500");
        var last = await GetAsync(client, "servers?label_selector=managed-by%3Dspuff&per_page=50&page=1000");
        var beyond = await GetAsync(client, "servers?label_selector=managed-by%3Dspuff&per_page=50&page=1001");

        Assert.Equal(50_000, total);
        var pagination = first.GetProperty("meta").GetProperty("pagination");
        Assert.Equal(50_000, pagination.GetProperty("total_entries").GetInt32());
        Assert.Equal(1000, pagination.GetProperty("last_page").GetInt32());
        Assert.Equal(60000001, first.GetProperty("servers")[0].GetProperty("id").GetInt64());
        Assert.Equal(60000001 + (499 * 50), middle.GetProperty("servers")[0].GetProperty("id").GetInt64());
        var tail = last.GetProperty("servers").EnumerateArray().Select(s => s.GetProperty("id").GetInt64()).ToArray();
        Assert.Equal(Enumerable.Range(0, 50).Select(i => 60000001L + 49_950 + i), tail);
        Assert.Equal(0, beyond.GetProperty("servers").GetArrayLength());
        var server = first.GetProperty("servers")[0];
        Assert.Equal("running", server.GetProperty("status").GetString());
        Assert.Equal("spuff", server.GetProperty("labels").GetProperty("managed-by").GetString());
        Assert.Equal("seed-60000001", server.GetProperty("name").GetString());
    }

    [Fact]
    public async Task SeedHetznerServers_WalkingEveryPage_SeesEachServerOnce()
    {
        Server.SeedHetznerServers(1_234, new Dictionary<string, string> { ["team"] = "bench" });
        using var client = Hetzner();
        var seen = new HashSet<long>();

        for (var page = 1; page <= 25; page++)
        {
            var body = await GetAsync(client, $"servers?label_selector=team%3Dbench&per_page=50&page={page}");
            foreach (var s in body.GetProperty("servers").EnumerateArray()) Assert.True(seen.Add(s.GetProperty("id").GetInt64()));
        }

        Assert.Equal(1_234, seen.Count);
    }

    [Fact]
    public async Task ListServers_AfterCreateAndDelete_ReflectsTheChangeAtOnce()
    {
        Server.SeedHetznerServers(120);
        using var client = Hetzner();
        var before = await GetAsync(client, "servers?label_selector=managed-by%3Dspuff&per_page=50&page=3");

        using var created = await client.PostAsJsonAsync("servers", new { name = "late", server_type = "cx23", image = "ubuntu-24.04", labels = new { managed_by = "x" } });
        using var deleted = await client.DeleteAsync("servers/60000001");
        var all = await GetAsync(client, "servers?per_page=50&page=3");
        var managed = await GetAsync(client, "servers?label_selector=managed-by%3Dspuff&per_page=50&page=3");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(120, before.GetProperty("meta").GetProperty("pagination").GetProperty("total_entries").GetInt32());
        Assert.Equal(120, all.GetProperty("meta").GetProperty("pagination").GetProperty("total_entries").GetInt32());
        Assert.Equal("late", all.GetProperty("servers")[19].GetProperty("name").GetString());
        Assert.Equal(119, managed.GetProperty("meta").GetProperty("pagination").GetProperty("total_entries").GetInt32());
    }

    [Fact]
    public async Task SeedEndpoint_BothProviders_SeedsManagedReadyInstances()
    {
        using var control = new HttpClient { BaseAddress = Server.BaseAddress };
        const string body = """{"hetzner":{"servers":7,"labels":{"team":"bench"}},"digitalocean":{"droplets":5,"tags":["bench"]}}""";

        using var response = await control.PostAsync("_emulator/seed", new StringContent(body, Encoding.UTF8, "application/json"));
        var answer = await ReadJsonAsync(response);
        using var hetzner = Hetzner();
        var servers = await GetAsync(hetzner, "servers?label_selector=managed-by%3Dspuff,team%3Dbench");
        var droplets = await GetJsonAsync("droplets?tag_name=managed-by%3Aspuff");
        var bench = await GetJsonAsync("droplets?tag_name=bench");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(7, answer.GetProperty("hetzner").GetProperty("servers").GetInt32());
        Assert.Equal(5, answer.GetProperty("digitalocean").GetProperty("droplets").GetInt32());
        Assert.Equal(7, servers.GetProperty("servers").GetArrayLength());
        Assert.All(servers.GetProperty("servers").EnumerateArray(), s => Assert.Equal("running", s.GetProperty("status").GetString()));
        Assert.Equal(5, droplets.GetProperty("meta").GetProperty("total").GetInt32());
        Assert.Equal(5, bench.GetProperty("meta").GetProperty("total").GetInt32());
        var droplet = droplets.GetProperty("droplets")[0];
        Assert.Equal("active", droplet.GetProperty("status").GetString());
        Assert.Equal("seed-510000001", droplet.GetProperty("name").GetString());
        Assert.Contains(droplet.GetProperty("networks").GetProperty("v4").EnumerateArray(), n => n.GetProperty("type").GetString() == "public");
    }

    [Theory]
    [InlineData("""{"hetzner":{"servers":-1}}""")]
    [InlineData("""{"hetzner":{"servers":1000001}}""")]
    [InlineData("""{"hetzner":{"servers":"many"}}""")]
    [InlineData("""{"hetzner":{"servers":3,"labels":{"bad key!":"x"}}}""")]
    [InlineData("""{"hetzner":{"servers":3},"digitalocean":{"droplets":2,"tags":["no spaces"]}}""")]
    [InlineData("""[1]""")]
    [InlineData("""{not json""")]
    public async Task SeedEndpoint_InvalidBody_Returns400AndSeedsNothing(string body)
    {
        using var control = new HttpClient { BaseAddress = Server.BaseAddress };

        using var response = await control.PostAsync("_emulator/seed", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(Server.Hetzner.ServerIds);
        Assert.Empty(Server.DigitalOcean.DropletIds);
    }

    [Fact]
    public async Task Reset_SeededByOptions_ReseedsTheSameAccount()
    {
        await using var seeded = await EmulatorServer.StartAsync(new EmulatorOptions { SeedHetznerServers = 3, SeedDigitalOceanDroplets = 2 });
        seeded.SeedHetznerServers(10);

        seeded.Reset();

        Assert.Equal(new long[] { 60000001, 60000002, 60000003 }, seeded.Hetzner.ServerIds);
        Assert.Equal(new long[] { 510000001, 510000002 }, seeded.DigitalOcean.DropletIds);
    }
}

/// <summary>A status filter follows transitions even though list results are cached between pages.</summary>
public sealed class SeededTransitionTests : EmulatorTestBase
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    protected override EmulatorOptions Options => new() { ReadyDelay = TimeSpan.FromSeconds(60), TimeProvider = _clock };

    [Fact]
    public async Task ListServers_StatusFilterAcrossReadyTransition_MovesTheServer()
    {
        Server.SeedHetznerServers(10);
        using var client = new HttpClient { BaseAddress = Server.HetznerEndpoint };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "t");
        using var created = await client.PostAsJsonAsync("servers", new { name = "booting", server_type = "cx23", image = "ubuntu-24.04" });
        async Task<int> CountAsync(string status)
        {
            using var response = await client.GetAsync("servers?status=" + status);
            return (await ReadJsonAsync(response)).GetProperty("meta").GetProperty("pagination").GetProperty("total_entries").GetInt32();
        }

        var initializing = await CountAsync("initializing");
        var running = await CountAsync("running");
        _clock.Advance(TimeSpan.FromSeconds(60));

        Assert.Equal(1, initializing);
        Assert.Equal(10, running);
        Assert.Equal(0, await CountAsync("initializing"));
        Assert.Equal(11, await CountAsync("running"));
    }
}
