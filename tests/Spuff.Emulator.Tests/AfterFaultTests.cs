using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Spuff.Emulator.Infrastructure;
using Spuff.Emulator.Tests.Support;
using Xunit;

namespace Spuff.Emulator.Tests;

/// <summary>Faults that let the request run first ("the provider acted, the client never heard"), exact bodies and
/// the visibility lag of fresh droplets and servers.</summary>
public sealed class AfterFaultTests : EmulatorTestBase
{
    [Fact]
    public async Task AfterFault_Status502OnCreate_DropletExistsAndClientSeesProviderError()
    {
        Server.AddFault(new FaultRule { Method = "POST", PathPrefix = "/v2/droplets", Status = 502, After = true });

        using var response = await CreateDropletAsync("made-anyway");

        await AssertErrorAsync(response, 502, "server_error");
        Assert.True(response.Headers.Contains("x-request-id"));
        Assert.Single(Server.DigitalOcean.DropletIds);
        Assert.Equal(502, Server.GetRequests().Single().Status);
    }

    [Fact]
    public async Task AfterFault_DropConnection_DropletExistsAndClientFails()
    {
        Server.AddFault(new FaultRule { Method = "POST", PathPrefix = "/v2/droplets", DropConnection = true, After = true });

        await Assert.ThrowsAsync<HttpRequestException>(() => CreateDropletAsync("made-anyway"));

        Assert.Single(Server.DigitalOcean.DropletIds);
        Assert.Equal(0, Server.GetRequests().Single().Status);
    }

    [Fact]
    public async Task AfterFault_DelayBeyondClientTimeout_DropletExistsAndClientTimesOut()
    {
        // Generous margins: the client must have sent its request before it gives up, even on a loaded machine.
        Server.AddFault(new FaultRule { Method = "POST", PathPrefix = "/v2/droplets", DelayMs = 5000, After = true });
        using var impatient = CreateClient(Server, "test-token");
        impatient.Timeout = TimeSpan.FromMilliseconds(1500);

        await Assert.ThrowsAsync<TaskCanceledException>(() => impatient.PostAsJsonAsync("droplets", DropletBody("slow")));

        Assert.Single(Server.DigitalOcean.DropletIds);
    }

    [Fact]
    public async Task AfterFault_DelayOnly_AnswersTheOriginalResponseLate()
    {
        Server.AddFault(new FaultRule { Method = "POST", PathPrefix = "/v2/droplets", DelayMs = 300, After = true });

        var watch = Stopwatch.StartNew();
        using var response = await CreateDropletAsync("late");
        watch.Stop();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var json = await ReadJsonAsync(response);
        Assert.Equal("late", json.GetProperty("droplet").GetProperty("name").GetString());
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(280), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task ActDelayFault_ClientGivesUp_ProviderActsLater()
    {
        Server.AddFault(new FaultRule { Method = "POST", PathPrefix = "/v2/droplets", ActDelayMs = 3000 });
        using var impatient = CreateClient(Server, "test-token");
        impatient.Timeout = TimeSpan.FromMilliseconds(1000);

        await Assert.ThrowsAsync<TaskCanceledException>(() => impatient.PostAsJsonAsync("droplets", DropletBody("later")));
        var rightAfter = Server.DigitalOcean.DropletIds.Count;
        await WaitUntilAsync(() => Server.DigitalOcean.DropletIds.Count == 1);

        Assert.Equal(0, rightAfter);
        var listed = await GetJsonAsync("droplets?name=later");
        Assert.Equal(1, listed.GetProperty("meta").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task BodyFault_BeforeRequest_AnswersExactBodyAndRunsNothing()
    {
        Server.AddFault(new FaultRule { Method = "GET", PathPrefix = "/v2/droplets", Body = "{}" });

        using var response = await Client.GetAsync("droplets");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task BodyFault_AfterCreateWithStatus_DropletExistsAndBodyReplaced()
    {
        Server.AddFault(new FaultRule { Method = "POST", PathPrefix = "/v2/droplets", Body = """{"oops":true}""", Status = 202, After = true });

        using var response = await CreateDropletAsync("odd-answer");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("""{"oops":true}""", await response.Content.ReadAsStringAsync());
        Assert.Single(Server.DigitalOcean.DropletIds);
    }

    [Fact]
    public async Task AfterFault_Hetzner503_ServerExistsAndErrorInHetznerShape()
    {
        Server.AddFault(new FaultRule { Method = "POST", PathPrefix = "/v1/servers", Status = 503, After = true });
        using var hetzner = HetznerClient();

        using var response = await hetzner.PostAsJsonAsync("servers", new { name = "h1", server_type = "cx23", image = "ubuntu-24.04", location = "fsn1" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var json = await ReadJsonAsync(response);
        Assert.Equal("unavailable", json.GetProperty("error").GetProperty("code").GetString());
        Assert.Single(Server.Hetzner.ServerIds);
    }

    [Fact]
    public async Task FaultsEndpoint_AfterAndBodyFields_RoundTrip()
    {
        using var control = new HttpClient { BaseAddress = Server.BaseAddress };
        const string rule = """{"method":"POST","pathPrefix":"/v2/droplets","status":502,"after":true,"body":null,"actDelayMs":5}""";

        using var posted = await control.PostAsync("_emulator/faults", new StringContent(rule, Encoding.UTF8, "application/json"));
        var pending = Assert.Single(Server.Faults.Pending);

        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        Assert.True(pending.After);
        Assert.Equal(5, pending.ActDelayMs);
        Assert.Equal(502, pending.Status);
    }

    [Fact]
    public void AddFault_BodyWithDropConnection_Throws()
    {
        Assert.Throws<ArgumentException>(() => Server.AddFault(new FaultRule { PathPrefix = "/v2", Body = "{}", DropConnection = true }));
        Assert.Throws<ArgumentException>(() => Server.AddFault(new FaultRule { PathPrefix = "/v2", ActDelayMs = -1 }));
    }

    [Fact]
    public async Task VisibilityLag_FreshDroplet_NotFoundAndNotListedUntilLagPasses()
    {
        Server.Configure(visibilityLag: TimeSpan.FromMilliseconds(400));
        var id = await CreateDropletIdAsync("shy", tags: new[] { "spuff-request:abc" });

        using var get = await Client.GetAsync($"droplets/{id}");
        var byTag = await GetJsonAsync("droplets?tag_name=spuff-request:abc");
        var all = await GetJsonAsync("droplets");
        await Task.Delay(450);
        using var later = await Client.GetAsync($"droplets/{id}");
        var byTagLater = await GetJsonAsync("droplets?tag_name=spuff-request:abc");

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(0, byTag.GetProperty("meta").GetProperty("total").GetInt32());
        Assert.Equal(0, all.GetProperty("meta").GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        Assert.Equal(1, byTagLater.GetProperty("meta").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task VisibilityLag_FreshHetznerServer_NotFoundNotListedButNameTaken()
    {
        Server.Configure(visibilityLag: TimeSpan.FromSeconds(30));
        using var hetzner = HetznerClient();
        var body = new { name = "h-lag", server_type = "cx23", image = "ubuntu-24.04", location = "fsn1", labels = new Dictionary<string, string> { ["managed-by"] = "spuff" } };

        using var created = await hetzner.PostAsJsonAsync("servers", body);
        var id = (await ReadJsonAsync(created)).GetProperty("server").GetProperty("id").GetInt64();
        using var get = await hetzner.GetAsync($"servers/{id}");
        using var byLabel = await hetzner.GetAsync("servers?label_selector=managed-by%3Dspuff");
        using var again = await hetzner.PostAsJsonAsync("servers", body);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(0, (await ReadJsonAsync(byLabel)).GetProperty("servers").GetArrayLength());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task ConfigEndpoint_VisibilityLagMs_SetAndReported()
    {
        using var control = new HttpClient { BaseAddress = Server.BaseAddress };

        using var posted = await control.PostAsync("_emulator/config", new StringContent("""{"visibilityLagMs":1500}""", Encoding.UTF8, "application/json"));
        var config = await ReadJsonAsync(posted);
        using var negative = await control.PostAsync("_emulator/config", new StringContent("""{"visibilityLagMs":-1}""", Encoding.UTF8, "application/json"));

        Assert.Equal(1500, config.GetProperty("visibilityLagMs").GetInt32());
        Assert.Equal(TimeSpan.FromMilliseconds(1500), Server.Settings.VisibilityLag);
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
    }

    private HttpClient HetznerClient()
    {
        var client = new HttpClient { BaseAddress = Server.HetznerEndpoint, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "test-token");
        return client;
    }

    private static object DropletBody(string name) => new { name, region = "nyc3", size = "s-1vcpu-1gb", image = "ubuntu-24-04-x64" };

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 5 s");
            await Task.Delay(25);
        }
    }
}
