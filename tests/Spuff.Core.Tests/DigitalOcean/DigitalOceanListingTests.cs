using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Web;
using Spuff.Emulator;
using Spuff.Emulator.Infrastructure;
using Spuff.Providers.DigitalOcean;
using Spuff.Providers.Paging;
using Xunit;

namespace Spuff.Core.Tests.DigitalOcean;

/// <summary>
/// DigitalOcean listings against an emulator of their own (each test starts empty) and, for exact page shapes, a
/// WireMock stub: a consumer that removes what it is given, malformed and changing pages, concurrency, tag_name.
/// </summary>
public sealed class DigitalOceanListingTests : IAsyncLifetime, IDisposable
{
    private readonly DoStub _stub = new();
    private EmulatorServer _emulator = null!;

    public async Task InitializeAsync() =>
        _emulator = await EmulatorServer.StartAsync(new EmulatorOptions { ReadyDelay = TimeSpan.FromMilliseconds(10), ActionDelay = TimeSpan.FromMilliseconds(10) });

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    public void Dispose() => _stub.Dispose();

    private IProvider Provider() =>
        new DigitalOceanFactory().Create(new ProviderOptions { Token = "listing-token", Endpoint = _emulator.DigitalOceanEndpoint, Timeouts = Support.EmulatorFixture.Timeouts });

    private List<RequestLogEntry> Lists(string path) =>
        _emulator.GetRequests().Where(r => r.Method == "GET" && r.Path == path).ToList();

    [Fact]
    public async Task ListInstances_ConsumerRemovesEachDropletItGets_RemovesAllOfThreePages()
    {
        _emulator.SeedDigitalOceanDroplets(450);
        var provider = Provider();
        var removed = new List<string>();

        await foreach (var droplet in provider.ListInstancesAsync())
        {
            await provider.DestroyInstanceAsync(droplet.Id);
            removed.Add(droplet.Id);
        }

        Assert.Equal(450, removed.Count);
        Assert.Equal(450, removed.Distinct().Count());
        Assert.Empty(_emulator.DigitalOcean.DropletIds);
    }

    [Fact]
    public async Task ListInstances_SecondPageAnsweredWithEmptyObject_ThrowsNeverAShorterList()
    {
        _emulator.SeedDigitalOceanDroplets(250);
        var listed = 0;

        var error = await Assert.ThrowsAsync<ProviderException>(async () =>
        {
            await foreach (var unused in Provider().ListInstancesAsync())
            {
                if (listed++ == 0) _emulator.AddFault(new FaultRule { Method = "GET", PathPrefix = "/v2/droplets", Body = "{}" });
            }
        });

        Assert.Equal(ProviderErrorKind.Api, error.Kind);
        Assert.Contains("page 2 without its list", error.Message);
        Assert.Contains("announced 250 items", error.Message);
        Assert.Equal(200, listed);
    }

    [Fact]
    public async Task ListInstances_DropletsDeletedAndAddedMidListing_ListsEveryDropletThatStayedOnce()
    {
        _emulator.SeedDigitalOceanDroplets(450);
        var before = _emulator.DigitalOcean.DropletIds.Select(id => id.ToString()).ToList();
        var gone = before.Take(25).ToList();
        var listed = new List<string>();

        await foreach (var droplet in Provider().ListInstancesAsync())
        {
            if (listed.Count == 0)
            {
                using var client = RawClient();
                foreach (var id in gone) (await client.DeleteAsync("droplets/" + id)).EnsureSuccessStatusCode();
                _emulator.SeedDigitalOceanDroplets(5);
            }

            listed.Add(droplet.Id);
        }

        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.Empty(before.Except(gone).Except(listed));
        Assert.Equal(455, listed.Count);
    }

    [Fact]
    public async Task ListInstances_ThousandDroplets_AtMostFourRequestsInFlightAndNoMoreThanSequential()
    {
        _emulator.SeedDigitalOceanDroplets(2000);
        _emulator.Configure(latency: TimeSpan.FromMilliseconds(20));

        var all = await Paginator.ToListAsync(Provider().ListInstancesAsync());

        var pages = Lists("/v2/droplets");
        Assert.Equal(2000, all.Count);
        Assert.Equal(10, pages.Count);
        Assert.InRange(Hetzner.HetznerListingTests.MostAtOnce(pages), 2, DigitalOceanProvider.ListConcurrency);
    }

    [Fact]
    public async Task ListInstances_Filter_AsksForTheMostSelectiveTagAndChecksTheRestLocally()
    {
        _emulator.SeedDigitalOceanDroplets(3, new[] { "team:a", "env:prod" });
        _emulator.SeedDigitalOceanDroplets(2, new[] { "team:b", "env:prod" });
        _emulator.SeedDigitalOceanDroplets(1, new[] { "team:a" });
        using (var client = RawClient())
        {
            // Carries both labels but not managed-by:spuff: somebody else's droplet is never listed.
            (await client.PostAsJsonAsync("droplets", new { name = "theirs", region = "nyc3", size = "s-1vcpu-1gb", image = "ubuntu-24-04-x64", tags = new[] { "team:a", "env:prod" } })).EnsureSuccessStatusCode();
        }

        var filter = ListFilter.ForLabels(new Dictionary<string, string> { ["team"] = "a", ["env"] = "prod" });
        var found = await Paginator.ToListAsync(Provider().ListInstancesAsync(filter));

        Assert.Equal(3, found.Count);
        Assert.All(found, d => Assert.Equal("spuff", d.Labels["managed-by"]));
        Assert.Equal("env:prod", HttpUtility.ParseQueryString(Lists("/v2/droplets").Single().Query)["tag_name"]);
    }

    [Fact]
    public void ListTag_RequestMarkWinsThenTheLongestTag_ManagedByWithoutFilter()
    {
        Assert.Equal("managed-by:spuff", DigitalOceanTags.ListTag(null));
        Assert.Equal("spuff-request:ab12", DigitalOceanTags.ListTag(ListFilter.ForLabels(new Dictionary<string, string> { ["spuff-request"] = "ab12", ["environment"] = "production" })));
        Assert.Equal("environment:production", DigitalOceanTags.ListTag(ListFilter.ForLabels(new Dictionary<string, string> { ["team"] = "a", ["environment"] = "production" })));
        Assert.Equal("flag", DigitalOceanTags.ListTag(ListFilter.ForLabels(new Dictionary<string, string> { ["flag"] = "" })));
        // A value no tag can hold cannot be asked for; the local check then admits nothing.
        Assert.Equal("managed-by:spuff", DigitalOceanTags.ListTag(ListFilter.ForLabels(new Dictionary<string, string> { ["team"] = "a b" })));
    }

    [Fact]
    public async Task ListSnapshots_Filter_AsksForTheTagAndKeepsOnlyManagedImages()
    {
        _stub.Reply(_stub.Path("images"), 200, new
        {
            images = new[]
            {
                new { id = 1, name = "a", type = "snapshot", created_at = "2026-11-26T10:00:00Z", tags = new[] { "managed-by:spuff", "keep:yes" } },
                new { id = 2, name = "b", type = "snapshot", created_at = "2026-11-26T10:00:00Z", tags = new[] { "keep:yes" } },
            },
            links = new { },
            meta = new { total = 2 },
        });

        var found = await Paginator.ToListAsync(_stub.Provider().ListSnapshotsAsync(ListFilter.ForLabels(new Dictionary<string, string> { ["keep"] = "yes" })));

        Assert.Equal("1", Assert.Single(found).Id);
        Assert.Equal("keep:yes", _stub.Requests("/v2/images").Single().RequestMessage.Query!["tag_name"].Single());
    }

    [Fact]
    public async Task ListSnapshots_SecondPageAnsweredWithEmptyObject_ThrowsNeverAShorterList()
    {
        _stub.Reply(_stub.Path("images").WithParam("page", "2"), 200, new { }, priority: 1);
        _stub.Reply(_stub.Path("images"), 200, new
        {
            images = new[] { new { id = 1, name = "a", type = "snapshot", created_at = "2026-11-26T10:00:00Z", tags = new[] { "managed-by:spuff" } } },
            links = new { pages = new { next = _stub.Root + "/images?page=2&per_page=200", last = _stub.Root + "/images?page=2&per_page=200" } },
            meta = new { total = 2 },
        });
        var listed = new List<string>();

        var error = await Assert.ThrowsAsync<ProviderException>(async () =>
        {
            await foreach (var snapshot in _stub.Provider().ListSnapshotsAsync())
            {
                listed.Add(snapshot.Id);
            }
        });

        Assert.Contains("page 2 without its list", error.Message);
        Assert.Equal(new[] { "1" }, listed);
    }

    [Fact]
    public async Task ListSnapshots_TotalChangesOnPageTwo_ReadsAgainFromPageOne()
    {
        // Page 1 says 3 snapshots in 2 pages; page 2 answers total 2 (one was deleted meanwhile, so "c" moved onto
        // page 1 and page 2 holds nothing new). The listing must read page 1 again and find "c".
        _stub.Server.Given(_stub.Path("images").WithParam("page", "1")).InScenario("shift").WillSetStateTo("deleted")
            .RespondWith(DoStub.Json(200, new
            {
                images = new[] { Image(1, "a"), Image(2, "b") },
                links = new { pages = new { next = _stub.Root + "/images?page=2", last = _stub.Root + "/images?page=2" } },
                meta = new { total = 3 },
            }));
        _stub.Server.Given(_stub.Path("images").WithParam("page", "1")).InScenario("shift").WhenStateIs("deleted")
            .RespondWith(DoStub.Json(200, new
            {
                images = new[] { Image(2, "b"), Image(3, "c") },
                links = new { },
                meta = new { total = 2 },
            }));
        _stub.Reply(_stub.Path("images").WithParam("page", "2"), 200, new { images = Array.Empty<object>(), links = new { }, meta = new { total = 2 } }, priority: 1);

        var found = await Paginator.ToListAsync(_stub.Provider().ListSnapshotsAsync());

        Assert.Equal(new[] { "1", "2", "3" }, found.Select(s => s.Id));
        Assert.Equal(3, _stub.Requests("/v2/images").Count);
    }

    private static object Image(long id, string name) =>
        new { id, name, type = "snapshot", created_at = "2026-11-26T10:00:00Z", tags = new[] { "managed-by:spuff" } };

    private HttpClient RawClient()
    {
        var client = new HttpClient { BaseAddress = _emulator.DigitalOceanEndpoint };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "listing-token");
        return client;
    }
}
