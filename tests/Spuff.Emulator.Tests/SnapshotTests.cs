using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Spuff.Emulator.Tests.Support;
using Xunit;

namespace Spuff.Emulator.Tests;

public sealed class SnapshotTests : EmulatorTestBase
{
    [Fact]
    public async Task SnapshotAction_ActionDelayPassed_CompletesAndCreatesSnapshot()
    {
        var dropletId = await CreateDropletIdAsync("web");

        using var response = await Client.PostAsJsonAsync($"droplets/{dropletId}/actions", new { type = "snapshot", name = "spuff-web-1" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var action = (await ReadJsonAsync(response)).GetProperty("action");
        Assert.Equal("in-progress", action.GetProperty("status").GetString());
        Assert.Equal("snapshot", action.GetProperty("type").GetString());
        Assert.Equal("droplet", action.GetProperty("resource_type").GetString());
        Assert.Equal(dropletId, action.GetProperty("resource_id").GetInt64());
        Assert.Equal(JsonValueKind.Null, action.GetProperty("completed_at").ValueKind);
        Assert.Empty(Server.DigitalOcean.SnapshotIds);

        var actionId = action.GetProperty("id").GetInt64();
        var done = await PollAsync(() => GetJsonAsync($"actions/{actionId}"), j => j.GetProperty("action").GetProperty("status").GetString() != "in-progress");
        Assert.Equal("completed", done.GetProperty("action").GetProperty("status").GetString());

        var snapshots = await GetJsonAsync("snapshots?resource_type=droplet");
        var snapshot = Assert.Single(snapshots.GetProperty("snapshots").EnumerateArray().ToArray());
        Assert.Equal(JsonValueKind.String, snapshot.GetProperty("id").ValueKind);
        Assert.Equal("spuff-web-1", snapshot.GetProperty("name").GetString());
        Assert.Equal(dropletId.ToString(System.Globalization.CultureInfo.InvariantCulture), snapshot.GetProperty("resource_id").GetString());
        Assert.Equal("droplet", snapshot.GetProperty("resource_type").GetString());

        var droplet = await GetJsonAsync($"droplets/{dropletId}");
        Assert.Equal(long.Parse(snapshot.GetProperty("id").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            Assert.Single(droplet.GetProperty("droplet").GetProperty("snapshot_ids").EnumerateArray().ToArray()).GetInt64());
    }

    [Fact]
    public async Task TagResources_SnapshotImage_IsFoundByImagesTagName()
    {
        var snapshotId = await TakeSnapshotAsync("spuff-snap");

        using var tagged = await Client.PostAsJsonAsync("tags/managed-by:spuff/resources", new
        {
            resources = new[] { new { resource_id = snapshotId, resource_type = "image" } },
        });
        Assert.Equal(HttpStatusCode.NoContent, tagged.StatusCode);

        var byTag = await GetJsonAsync("images?private=true&tag_name=managed-by:spuff");
        var image = Assert.Single(byTag.GetProperty("images").EnumerateArray().ToArray());
        Assert.Equal(long.Parse(snapshotId, System.Globalization.CultureInfo.InvariantCulture), image.GetProperty("id").GetInt64());
        Assert.Equal("snapshot", image.GetProperty("type").GetString());
        Assert.False(image.GetProperty("public").GetBoolean());
        Assert.Equal("managed-by:spuff", Assert.Single(image.GetProperty("tags").EnumerateArray().ToArray()).GetString());

        var other = await GetJsonAsync("images?private=true&tag_name=nobody");
        Assert.Empty(other.GetProperty("images").EnumerateArray());

        var snapshot = await GetJsonAsync($"snapshots/{snapshotId}");
        Assert.Equal("managed-by:spuff", Assert.Single(snapshot.GetProperty("snapshot").GetProperty("tags").EnumerateArray().ToArray()).GetString());
    }

    [Fact]
    public async Task ListImages_PrivateTrue_ReturnsOnlySnapshots()
    {
        var snapshotId = await TakeSnapshotAsync("only-private");

        var images = await GetJsonAsync("images?private=true");
        var all = await GetJsonAsync("images");

        Assert.Equal(snapshotId, Assert.Single(images.GetProperty("images").EnumerateArray().ToArray()).GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(4, all.GetProperty("meta").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task CreateDroplet_ImageIsSnapshotId_UsesTheSnapshotAsImage()
    {
        var snapshotId = long.Parse(await TakeSnapshotAsync("golden"), System.Globalization.CultureInfo.InvariantCulture);

        using var response = await CreateDropletAsync("from-snapshot", image: snapshotId);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var image = (await ReadJsonAsync(response)).GetProperty("droplet").GetProperty("image");
        Assert.Equal(snapshotId, image.GetProperty("id").GetInt64());
        Assert.Equal("snapshot", image.GetProperty("type").GetString());
        Assert.Equal("golden", image.GetProperty("name").GetString());
    }

    [Fact]
    public async Task DeleteSnapshot_Existing_Returns204AndThen404()
    {
        var snapshotId = await TakeSnapshotAsync("doomed");

        using var first = await Client.DeleteAsync($"snapshots/{snapshotId}");
        using var second = await Client.DeleteAsync($"snapshots/{snapshotId}");
        using var get = await Client.GetAsync($"snapshots/{snapshotId}");

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        await AssertErrorAsync(second, 404, "not_found");
        await AssertErrorAsync(get, 404, "not_found");
        Assert.Empty(Server.DigitalOcean.SnapshotIds);
    }

    [Fact]
    public async Task TagResources_UnknownImage_Returns404()
    {
        using var response = await Client.PostAsJsonAsync("tags/spuff/resources", new
        {
            resources = new[] { new { resource_id = "98765", resource_type = "image" } },
        });

        await AssertErrorAsync(response, 404, "not_found");
    }

    [Fact]
    public async Task CreateTag_ValidName_Returns201WithTag()
    {
        using var response = await Client.PostAsJsonAsync("tags", new { name = "managed-by:spuff" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("managed-by:spuff", (await ReadJsonAsync(response)).GetProperty("tag").GetProperty("name").GetString());
    }

    [Fact]
    public async Task ListDropletSnapshots_AfterSnapshot_ReturnsIntegerIds()
    {
        var snapshotId = await TakeSnapshotAsync("mine");
        var dropletId = Server.DigitalOcean.DropletIds.Single();

        var body = await GetJsonAsync($"droplets/{dropletId}/snapshots");

        var snapshot = Assert.Single(body.GetProperty("snapshots").EnumerateArray().ToArray());
        Assert.Equal(JsonValueKind.Number, snapshot.GetProperty("id").ValueKind);
        Assert.Equal(snapshotId, snapshot.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("snapshot", snapshot.GetProperty("type").GetString());
    }

    [Fact]
    public async Task GetImage_SlugOrId_ReturnsTheImage()
    {
        var bySlug = await GetJsonAsync("images/debian-12-x64");
        var id = bySlug.GetProperty("image").GetProperty("id").GetInt64();
        var byId = await GetJsonAsync($"images/{id}");

        Assert.Equal("debian-12-x64", byId.GetProperty("image").GetProperty("slug").GetString());
        using var missing = await Client.GetAsync("images/no-such-image");
        await AssertErrorAsync(missing, 404, "not_found");
    }

    [Fact]
    public async Task DeleteImage_Snapshot_Returns204AndRemovesTheSnapshot()
    {
        var snapshotId = await TakeSnapshotAsync("as-image");

        using var deleted = await Client.DeleteAsync($"images/{snapshotId}");
        using var distribution = await Client.DeleteAsync("images/155000001");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(Server.DigitalOcean.SnapshotIds);
        await AssertErrorAsync(distribution, 404, "not_found");
    }

    [Fact]
    public async Task SnapshotAction_ErrorInjected_EndsErroredWithoutSnapshot()
    {
        var dropletId = await CreateDropletIdAsync("web");
        using var control = new HttpClient { BaseAddress = Server.BaseAddress };
        using var injected = await control.PostAsync("_emulator/digitalocean/errored-actions", JsonContent.Create(new { count = 1 }));

        using var first = await Client.PostAsJsonAsync($"droplets/{dropletId}/actions", new { type = "snapshot", name = "broken" });
        var firstId = (await ReadJsonAsync(first)).GetProperty("action").GetProperty("id").GetInt64();
        var failed = await PollAsync(() => GetJsonAsync($"actions/{firstId}"), j => j.GetProperty("action").GetProperty("status").GetString() != "in-progress");
        using var second = await Client.PostAsJsonAsync($"droplets/{dropletId}/actions", new { type = "snapshot", name = "fine" });
        var secondId = (await ReadJsonAsync(second)).GetProperty("action").GetProperty("id").GetInt64();
        var done = await PollAsync(() => GetJsonAsync($"actions/{secondId}"), j => j.GetProperty("action").GetProperty("status").GetString() != "in-progress");

        Assert.Equal(HttpStatusCode.NoContent, injected.StatusCode);
        Assert.Equal("errored", failed.GetProperty("action").GetProperty("status").GetString());
        Assert.Equal("completed", done.GetProperty("action").GetProperty("status").GetString());
        var snapshot = Assert.Single((await GetJsonAsync("snapshots")).GetProperty("snapshots").EnumerateArray().ToArray());
        Assert.Equal("fine", snapshot.GetProperty("name").GetString());
    }

    [Fact]
    public async Task CreateDroplets_InParallel_GetUniqueIdsAndAreAllListed()
    {
        var ids = await Task.WhenAll(Enumerable.Range(1, 40).Select(i => CreateDropletIdAsync($"p-{i}")));

        Assert.Equal(40, ids.Distinct().Count());
        var all = await GetJsonAsync("droplets?per_page=200");
        Assert.Equal(40, all.GetProperty("meta").GetProperty("total").GetInt32());
    }

    private async Task<string> TakeSnapshotAsync(string name)
    {
        var dropletId = await CreateDropletIdAsync("src-" + name);
        using var response = await Client.PostAsJsonAsync($"droplets/{dropletId}/actions", new { type = "snapshot", name });
        var actionId = (await ReadJsonAsync(response)).GetProperty("action").GetProperty("id").GetInt64();
        await PollAsync(() => GetJsonAsync($"actions/{actionId}"), j => j.GetProperty("action").GetProperty("status").GetString() == "completed");
        var snapshots = await GetJsonAsync("snapshots?resource_type=droplet");
        return snapshots.GetProperty("snapshots").EnumerateArray().Single(s => s.GetProperty("name").GetString() == name).GetProperty("id").GetString()!;
    }
}
