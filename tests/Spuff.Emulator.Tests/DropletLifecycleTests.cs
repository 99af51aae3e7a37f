using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Spuff.Emulator.Tests.Support;
using Xunit;

namespace Spuff.Emulator.Tests;

public sealed class DropletLifecycleTests : EmulatorTestBase
{
    [Fact]
    public async Task CreateDroplet_ValidRequest_ReturnsNewThenActiveWithPublicIpv4()
    {
        using var response = await CreateDropletAsync("web-1", new[] { "managed-by:spuff" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await ReadJsonAsync(response);
        var droplet = body.GetProperty("droplet");
        Assert.Equal("new", droplet.GetProperty("status").GetString());
        Assert.Equal(0, droplet.GetProperty("networks").GetProperty("v4").GetArrayLength());
        var action = Assert.Single(body.GetProperty("links").GetProperty("actions").EnumerateArray().ToArray());
        Assert.Equal("create", action.GetProperty("rel").GetString());
        Assert.StartsWith(Server.BaseAddress + "v2/actions/", action.GetProperty("href").GetString());

        var id = droplet.GetProperty("id").GetInt64();
        var active = await PollAsync(() => GetJsonAsync($"droplets/{id}"), j => j.GetProperty("droplet").GetProperty("status").GetString() == "active");

        var v4 = active.GetProperty("droplet").GetProperty("networks").GetProperty("v4").EnumerateArray().ToArray();
        var publicIp = Assert.Single(v4, n => n.GetProperty("type").GetString() == "public").GetProperty("ip_address").GetString();
        Assert.True(IPAddress.TryParse(publicIp, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);
        Assert.Single(v4, n => n.GetProperty("type").GetString() == "private");
        Assert.Equal("managed-by:spuff", Assert.Single(active.GetProperty("droplet").GetProperty("tags").EnumerateArray().ToArray()).GetString());
    }

    [Fact]
    public async Task GetAction_CreateActionOfNewDroplet_CompletesWhenDropletIsActive()
    {
        using var response = await CreateDropletAsync("web-1");
        var actionId = (await ReadJsonAsync(response)).GetProperty("links").GetProperty("actions")[0].GetProperty("id").GetInt64();

        var done = await PollAsync(() => GetJsonAsync($"actions/{actionId}"), j => j.GetProperty("action").GetProperty("status").GetString() == "completed");

        Assert.Equal("create", done.GetProperty("action").GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.String, done.GetProperty("action").GetProperty("completed_at").ValueKind);
    }

    [Fact]
    public async Task GetDroplet_UnknownId_Returns404NotFound()
    {
        using var response = await Client.GetAsync("droplets/999");

        await AssertErrorAsync(response, 404, "not_found");
    }

    [Fact]
    public async Task DeleteDroplet_Existing_Returns204AndThen404()
    {
        var id = await CreateDropletIdAsync("web-1");

        using var first = await Client.DeleteAsync($"droplets/{id}");
        using var second = await Client.DeleteAsync($"droplets/{id}");
        using var get = await Client.GetAsync($"droplets/{id}");

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        await AssertErrorAsync(second, 404, "not_found");
        await AssertErrorAsync(get, 404, "not_found");
        Assert.Empty(Server.DigitalOcean.DropletIds);
    }

    [Fact]
    public async Task DeleteDropletsByTag_Tagged_DeletesOnlyThose()
    {
        await CreateDropletIdAsync("a", new[] { "doomed" });
        var keep = await CreateDropletIdAsync("b", new[] { "kept" });

        using var response = await Client.DeleteAsync("droplets?tag_name=doomed");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(new[] { keep }, Server.DigitalOcean.DropletIds);
    }

    [Fact]
    public async Task CreateDroplet_NamesArray_CreatesEveryDroplet()
    {
        using var response = await Client.PostAsJsonAsync("droplets", new { names = new[] { "a-1", "a-2" }, region = "ams3", size = "s-1vcpu-2gb", image = "debian-12-x64" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await ReadJsonAsync(response);
        Assert.Equal(2, body.GetProperty("droplets").GetArrayLength());
        Assert.Equal(2, body.GetProperty("links").GetProperty("actions").GetArrayLength());
    }

    [Fact]
    public async Task ListDroplets_TagName_ReturnsOnlyTaggedDroplets()
    {
        await CreateDropletIdAsync("a", new[] { "managed-by:spuff" });
        await CreateDropletIdAsync("b", new[] { "other" });
        await CreateDropletIdAsync("c", new[] { "managed-by:spuff", "x" });

        var body = await GetJsonAsync("droplets?tag_name=managed-by:spuff");

        var names = body.GetProperty("droplets").EnumerateArray().Select(d => d.GetProperty("name").GetString()).ToArray();
        Assert.Equal(new[] { "a", "c" }, names);
        Assert.Equal(2, body.GetProperty("meta").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Catalogue_SeededRegionsSizesImagesKeys_AreListed()
    {
        var regions = await GetJsonAsync("regions");
        var sizes = await GetJsonAsync("sizes");
        var images = await GetJsonAsync("images?type=distribution");
        var keys = await GetJsonAsync("account/keys");

        Assert.Equal(new[] { "nyc1", "nyc3", "ams3", "fra1", "sfo3" }, regions.GetProperty("regions").EnumerateArray().Select(r => r.GetProperty("slug").GetString()));
        Assert.Equal(new[] { "s-1vcpu-1gb", "s-1vcpu-2gb", "s-2vcpu-4gb" }, sizes.GetProperty("sizes").EnumerateArray().Select(r => r.GetProperty("slug").GetString()));
        Assert.Equal(new[] { "ubuntu-24-04-x64", "ubuntu-22-04-x64", "debian-12-x64" }, images.GetProperty("images").EnumerateArray().Select(r => r.GetProperty("slug").GetString()));
        Assert.All(keys.GetProperty("ssh_keys").EnumerateArray(), k =>
        {
            Assert.True(k.GetProperty("id").GetInt64() > 0);
            Assert.Contains(":", k.GetProperty("fingerprint").GetString(), StringComparison.Ordinal);
            Assert.StartsWith("ssh-ed25519 ", k.GetProperty("public_key").GetString());
            Assert.False(string.IsNullOrEmpty(k.GetProperty("name").GetString()));
        });
        Assert.Equal(2, keys.GetProperty("meta").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task UnknownRoute_AnyPath_Returns404InDigitalOceanShape()
    {
        using var response = await Client.GetAsync("no/such/thing");

        await AssertErrorAsync(response, 404, "not_found");
    }
}
