using System.Net;
using System.Net.Http.Json;
using System.Text;
using Spuff.Emulator.Tests.Support;
using Xunit;

namespace Spuff.Emulator.Tests;

public sealed class ControlEndpointTests : EmulatorTestBase
{
    [Fact]
    public async Task RequestLog_ProviderRequests_AreRecordedWithStatus()
    {
        await CreateDropletIdAsync("web");
        using var missing = await Client.GetAsync("droplets/1?x=1");
        using var control = new HttpClient { BaseAddress = Server.BaseAddress };

        var entries = await control.GetFromJsonAsync<List<Dictionary<string, object>>>("_emulator/requests");

        Assert.NotNull(entries);
        Assert.Equal(2, entries.Count);
        Assert.Equal("POST", entries[0]["method"].ToString());
        Assert.Equal("/v2/droplets", entries[0]["path"].ToString());
        Assert.Equal("202", entries[0]["status"].ToString());
        Assert.Equal("/v2/droplets/1", entries[1]["path"].ToString());
        Assert.Equal("x=1", entries[1]["query"].ToString());
        Assert.Equal("404", entries[1]["status"].ToString());
        Assert.Equal(1, Server.Requests.Count("GET", "/v2/droplets"));
    }

    [Fact]
    public async Task Reset_AfterActivity_ClearsStateFaultsAndLog()
    {
        await CreateDropletIdAsync("web");
        Server.AddFault(new Infrastructure.FaultRule { PathPrefix = "/v2/images", Status = 500 });
        using var control = new HttpClient { BaseAddress = Server.BaseAddress };

        using var reset = await control.PostAsync("_emulator/reset", null);

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Empty(Server.DigitalOcean.DropletIds);
        Assert.Empty(Server.Faults.Pending);
        Assert.Empty(Server.GetRequests());
        var images = await GetJsonAsync("images");
        Assert.Equal(3, images.GetProperty("meta").GetProperty("total").GetInt32());
        var id = await CreateDropletIdAsync("again");
        Assert.Equal(510000001, id);
    }

    [Fact]
    public async Task FaultsEndpoint_PostedRule_AppliesAndDeleteClears()
    {
        using var control = new HttpClient { BaseAddress = Server.BaseAddress };
        const string rule = """{"method":"GET","pathPrefix":"/v2/droplets","status":429,"retryAfterSeconds":1,"count":2,"delayMs":0,"dropConnection":false}""";

        using var posted = await control.PostAsync("_emulator/faults", new StringContent(rule, Encoding.UTF8, "application/json"));
        using var limited = await Client.GetAsync("droplets");
        using var cleared = await control.DeleteAsync("_emulator/faults");
        using var ok = await Client.GetAsync("droplets");

        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        await AssertErrorAsync(limited, 429, "too_many_requests");
        Assert.Equal("1", Assert.Single(limited.Headers.GetValues("retry-after")));
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task FaultsEndpoint_InvalidRule_Returns400()
    {
        using var control = new HttpClient { BaseAddress = Server.BaseAddress };

        using var response = await control.PostAsync("_emulator/faults", new StringContent("""{"pathPrefix":"/v2","count":0}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(Server.Faults.Pending);
    }

    [Fact]
    public async Task ConfigEndpoint_NewDelays_AreAppliedAndReported()
    {
        using var control = new HttpClient { BaseAddress = Server.BaseAddress };

        using var response = await control.PostAsync("_emulator/config", new StringContent("""{"readyDelayMs":0,"actionDelayMs":40,"latencyMs":5}""", Encoding.UTF8, "application/json"));
        var config = await ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, config.GetProperty("readyDelayMs").GetInt32());
        Assert.Equal(40, config.GetProperty("actionDelayMs").GetInt32());
        Assert.Equal(5, config.GetProperty("latencyMs").GetInt32());
        Assert.Equal(TimeSpan.Zero, Server.Settings.ReadyDelay);
        var id = await CreateDropletIdAsync("instant");
        Assert.Equal("active", Server.DigitalOcean.GetDropletStatus(id));
    }

    [Fact]
    public async Task ConfigEndpoint_PublicAddress_GivesNewDropletsThatAddressUntilReset()
    {
        using var control = new HttpClient { BaseAddress = Server.BaseAddress };
        using var bad = await control.PostAsync("_emulator/config", new StringContent("""{"publicAddress":"not-an-ip"}""", Encoding.UTF8, "application/json"));
        using var response = await control.PostAsync("_emulator/config", new StringContent("""{"readyDelayMs":0,"publicAddress":"127.0.0.1"}""", Encoding.UTF8, "application/json"));
        var config = await ReadJsonAsync(response);
        var id = await CreateDropletIdAsync("on-loopback");
        var droplet = await GetJsonAsync($"droplets/{id}");

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("127.0.0.1", config.GetProperty("publicAddress").GetString());
        var networks = droplet.GetProperty("droplet").GetProperty("networks").GetProperty("v4").EnumerateArray().ToList();
        Assert.Contains(networks, n => n.GetProperty("type").GetString() == "public" && n.GetProperty("ip_address").GetString() == "127.0.0.1");

        using var reset = await control.PostAsync("_emulator/reset", null);
        Assert.Null(Server.Settings.PublicAddress);
    }

    [Fact]
    public void Endpoints_BaseAddress_IsLoopbackWithProviderRoots()
    {
        Assert.Equal("127.0.0.1", Server.BaseAddress.Host);
        Assert.Equal(Server.BaseAddress + "v2/", Server.DigitalOceanEndpoint.ToString());
        Assert.Equal(Server.BaseAddress + "v1/", Server.HetznerEndpoint.ToString());
    }
}
