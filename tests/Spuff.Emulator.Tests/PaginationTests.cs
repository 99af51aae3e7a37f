using Spuff.Emulator.Tests.Support;
using Xunit;

namespace Spuff.Emulator.Tests;

public sealed class PaginationTests : EmulatorTestBase
{
    [Fact]
    public async Task ListDroplets_FiveDropletsPerPageTwo_ReturnsThreePagesWithMatchingLinks()
    {
        for (var i = 1; i <= 5; i++) await CreateDropletIdAsync($"d-{i}", new[] { "spuff" });
        var root = Server.BaseAddress + "v2/droplets";

        var first = await GetJsonAsync("droplets?tag_name=spuff&per_page=2");
        var second = await GetJsonAsync("droplets?tag_name=spuff&per_page=2&page=2");
        var last = await GetJsonAsync("droplets?tag_name=spuff&per_page=2&page=3");

        Assert.Equal(new[] { "d-1", "d-2" }, Names(first));
        Assert.Equal(new[] { "d-3", "d-4" }, Names(second));
        Assert.Equal(new[] { "d-5" }, Names(last));
        Assert.All(new[] { first, second, last }, p => Assert.Equal(5, p.GetProperty("meta").GetProperty("total").GetInt32()));

        var p1 = Pages(first);
        Assert.Equal(new[] { "next", "last" }, p1.Keys);
        Assert.Equal($"{root}?page=2&per_page=2&tag_name=spuff", p1["next"]);
        Assert.Equal($"{root}?page=3&per_page=2&tag_name=spuff", p1["last"]);

        var p2 = Pages(second);
        Assert.Equal(new[] { "first", "prev", "next", "last" }, p2.Keys);
        Assert.Equal($"{root}?page=1&per_page=2&tag_name=spuff", p2["first"]);
        Assert.Equal($"{root}?page=1&per_page=2&tag_name=spuff", p2["prev"]);
        Assert.Equal($"{root}?page=3&per_page=2&tag_name=spuff", p2["next"]);

        var p3 = Pages(last);
        Assert.Equal(new[] { "first", "prev" }, p3.Keys);
        Assert.Equal($"{root}?page=2&per_page=2&tag_name=spuff", p3["prev"]);
    }

    [Fact]
    public async Task ListDroplets_FollowingNextLinks_VisitsEveryDropletOnce()
    {
        for (var i = 1; i <= 5; i++) await CreateDropletIdAsync($"d-{i}");

        var seen = new List<string?>();
        string? next = "droplets?per_page=2";
        while (next is not null)
        {
            var page = await GetJsonAsync(next);
            seen.AddRange(Names(page));
            next = Pages(page).GetValueOrDefault("next");
        }

        Assert.Equal(new[] { "d-1", "d-2", "d-3", "d-4", "d-5" }, seen);
    }

    [Fact]
    public async Task ListDroplets_EverythingFits_ReturnsEmptyLinks()
    {
        await CreateDropletIdAsync("only");

        var body = await GetJsonAsync("droplets");

        Assert.Empty(body.GetProperty("links").EnumerateObject());
        Assert.Equal(1, body.GetProperty("meta").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task ListDroplets_PerPageAboveMaximum_IsCappedAt200()
    {
        var body = await GetJsonAsync("regions?per_page=500&page=1");

        Assert.Equal(5, body.GetProperty("regions").GetArrayLength());
        Assert.Empty(body.GetProperty("links").EnumerateObject());
    }

    [Fact]
    public async Task ListRegions_PerPageTwo_PagesLikeDroplets()
    {
        var body = await GetJsonAsync("regions?per_page=2&page=3");

        Assert.Single(body.GetProperty("regions").EnumerateArray());
        Assert.Equal(new[] { "first", "prev" }, Pages(body).Keys);
    }

    private static string?[] Names(System.Text.Json.JsonElement page) =>
        page.GetProperty("droplets").EnumerateArray().Select(d => d.GetProperty("name").GetString()).ToArray();

    private static Dictionary<string, string> Pages(System.Text.Json.JsonElement page) =>
        page.GetProperty("links").TryGetProperty("pages", out var pages)
            ? pages.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!)
            : new Dictionary<string, string>();
}
