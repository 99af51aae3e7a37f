using System.Net;
using System.Net.Http.Json;
using Spuff.Emulator.Tests.Support;
using Xunit;

namespace Spuff.Emulator.Tests;

public sealed class ValidationAndAuthTests : EmulatorTestBase
{
    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"name":"bad_name!","region":"nyc3","size":"s-1vcpu-1gb","image":"ubuntu-24-04-x64"}""", "name" },
        { """{"region":"nyc3","size":"s-1vcpu-1gb","image":"ubuntu-24-04-x64"}""", "name" },
        { """{"name":"ok","size":"s-1vcpu-1gb","image":"ubuntu-24-04-x64"}""", "region" },
        { """{"name":"ok","region":"xyz9","size":"s-1vcpu-1gb","image":"ubuntu-24-04-x64"}""", "region" },
        { """{"name":"ok","region":"nyc3","image":"ubuntu-24-04-x64"}""", "size" },
        { """{"name":"ok","region":"nyc3","size":"huge","image":"ubuntu-24-04-x64"}""", "size" },
        { """{"name":"ok","region":"nyc3","size":"s-1vcpu-1gb"}""", "image" },
        { """{"name":"ok","region":"nyc3","size":"s-1vcpu-1gb","image":"windows-95"}""", "image" },
        { """{"name":"ok","region":"nyc3","size":"s-1vcpu-1gb","image":424242}""", "image" },
        { """{"name":"ok","region":"nyc3","size":"s-1vcpu-1gb","image":"ubuntu-24-04-x64","tags":["has space"]}""", "tags" },
        { """{"name":"ok","region":"nyc3","size":"s-1vcpu-1gb","image":"ubuntu-24-04-x64","ssh_keys":[1]}""", "ssh_keys" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task CreateDroplet_InvalidField_Returns422NamingTheField(string json, string field)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await Client.PostAsync("droplets", content);

        await AssertErrorAsync(response, 422, "unprocessable_entity");
        var message = (await ReadJsonAsync(response)).GetProperty("message").GetString();
        Assert.Contains(field, message, StringComparison.Ordinal);
        Assert.Empty(Server.DigitalOcean.DropletIds);
    }

    [Fact]
    public async Task CreateDroplet_UserDataOver64KiB_Returns422NamingUserData()
    {
        using var response = await Client.PostAsJsonAsync("droplets", new
        {
            name = "big",
            region = "nyc3",
            size = "s-1vcpu-1gb",
            image = "ubuntu-24-04-x64",
            user_data = new string('x', 64 * 1024 + 1),
        });

        await AssertErrorAsync(response, 422, "unprocessable_entity");
        Assert.Contains("user_data", (await ReadJsonAsync(response)).GetProperty("message").GetString());
    }

    [Fact]
    public async Task CreateDroplet_UserDataOfExactly64KiB_IsAccepted()
    {
        using var response = await Client.PostAsJsonAsync("droplets", new
        {
            name = "big",
            region = "nyc3",
            size = "s-1vcpu-1gb",
            image = "ubuntu-24-04-x64",
            user_data = new string('x', 64 * 1024),
        });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task CreateDroplet_MalformedJson_Returns400BadRequest()
    {
        using var content = new StringContent("{\"name\":", System.Text.Encoding.UTF8, "application/json");
        using var response = await Client.PostAsync("droplets", content);

        await AssertErrorAsync(response, 400, "bad_request");
    }

    [Fact]
    public async Task AnyRequest_MissingToken_Returns401Unauthorized()
    {
        using var anonymous = CreateClient(Server, token: null);

        using var response = await anonymous.GetAsync("droplets");

        await AssertErrorAsync(response, 401, "unauthorized");
    }

    [Fact]
    public async Task AnyRequest_BadToken_Returns401Unauthorized()
    {
        using var client = CreateClient(Server, "bad-token");

        using var response = await client.GetAsync("account/keys");

        await AssertErrorAsync(response, 401, "unauthorized");
    }

    [Fact]
    public async Task AnyRequest_ForbiddenToken_Returns403Forbidden()
    {
        using var client = CreateClient(Server, "forbidden-token");

        using var response = await client.PostAsJsonAsync("droplets", new { name = "x", region = "nyc3", size = "s-1vcpu-1gb", image = "ubuntu-24-04-x64" });

        await AssertErrorAsync(response, 403, "forbidden");
        Assert.Empty(Server.DigitalOcean.DropletIds);
    }

    [Fact]
    public async Task AnyRequest_ValidToken_CarriesRateLimitHeadersCountingDown()
    {
        using var first = await Client.GetAsync("regions");
        using var second = await Client.GetAsync("sizes");
        using var otherToken = CreateClient(Server, "another-token");
        using var third = await otherToken.GetAsync("sizes");

        Assert.Equal("5000", Header(first, "ratelimit-limit"));
        Assert.Equal("4999", Header(first, "ratelimit-remaining"));
        Assert.Equal("4998", Header(second, "ratelimit-remaining"));
        Assert.Equal("4999", Header(third, "ratelimit-remaining"));
        var reset = long.Parse(Header(first, "ratelimit-reset"), System.Globalization.CultureInfo.InvariantCulture);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.InRange(reset, now + 3500, now + 3601);
    }

    [Fact]
    public async Task AnyRequest_HourlyLimitUsedUp_Returns429WithRetryAfter()
    {
        Server.DigitalOceanRateLimiter.SetUsed("test-token", 5000);

        using var response = await Client.GetAsync("regions");

        await AssertErrorAsync(response, 429, "too_many_requests");
        Assert.Equal("0", Header(response, "ratelimit-remaining"));
        Assert.True(int.Parse(Header(response, "retry-after"), System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public async Task SnapshotAction_UnsupportedType_Returns422()
    {
        var id = await CreateDropletIdAsync("web");

        using var response = await Client.PostAsJsonAsync($"droplets/{id}/actions", new { type = "reboot" });

        await AssertErrorAsync(response, 422, "unprocessable_entity");
        Assert.Contains("type", (await ReadJsonAsync(response)).GetProperty("message").GetString());
    }

    [Fact]
    public async Task SnapshotAction_UnknownDroplet_Returns404()
    {
        using var response = await Client.PostAsJsonAsync("droplets/77/actions", new { type = "snapshot", name = "s" });

        await AssertErrorAsync(response, 404, "not_found");
    }

    [Fact]
    public async Task GetAction_UnknownId_Returns404()
    {
        using var response = await Client.GetAsync("actions/12345");

        await AssertErrorAsync(response, 404, "not_found");
    }

    private static string Header(HttpResponseMessage response, string name) => Assert.Single(response.Headers.GetValues(name));
}
