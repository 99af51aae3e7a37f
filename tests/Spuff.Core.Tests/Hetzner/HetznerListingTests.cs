using System.Net.Http.Headers;
using System.Net.Http.Json;
using Spuff.Emulator;
using Spuff.Emulator.Infrastructure;
using Spuff.Providers.Hetzner;
using Xunit;

namespace Spuff.Core.Tests.Hetzner;

/// <summary>
/// Hetzner listings against an emulator of their own (each test starts empty): a consumer that removes what it is
/// given, malformed and changing pages, concurrency at the server, and label selectors for ListFilter.
/// </summary>
public sealed class HetznerListingTests : IAsyncLifetime
{
    private EmulatorServer _emulator = null!;

    public async Task InitializeAsync() =>
        _emulator = await EmulatorServer.StartAsync(new EmulatorOptions { ReadyDelay = TimeSpan.FromMilliseconds(10), ActionDelay = TimeSpan.FromMilliseconds(10) });

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    private IProvider Provider() =>
        new HetznerFactory().Create(new ProviderOptions { Token = "listing-token", Endpoint = _emulator.HetznerEndpoint, Timeouts = Support.EmulatorFixture.Timeouts });

    private IEnumerable<RequestLogEntry> Lists(string path) =>
        _emulator.GetRequests().Where(r => r.Method == "GET" && r.Path == path);

    [Fact]
    public async Task ListInstances_ConsumerRemovesEachServerItGets_RemovesAllSixty()
    {
        _emulator.SeedHetznerServers(60);
        using var provider = (IDisposable)Provider();
        var removed = new List<string>();

        await foreach (var server in ((IProvider)provider).ListInstancesAsync())
        {
            await ((IProvider)provider).DestroyInstanceAsync(server.Id);
            removed.Add(server.Id);
        }

        Assert.Equal(60, removed.Count);
        Assert.Equal(60, removed.Distinct().Count());
        Assert.Empty(_emulator.Hetzner.ServerIds);
    }

    [Fact]
    public async Task ListSnapshots_ConsumerDeletesEachSnapshotItGets_DeletesAllSixty()
    {
        _emulator.SeedHetznerServers(60);
        using (var client = RawClient())
        {
            foreach (var id in _emulator.Hetzner.ServerIds)
            {
                using var made = await client.PostAsJsonAsync($"servers/{id}/actions/create_image", new { type = "snapshot", description = "snap-" + id, labels = new Dictionary<string, string> { ["managed-by"] = "spuff" } });
                Assert.True(made.IsSuccessStatusCode, await made.Content.ReadAsStringAsync());
            }
        }

        var provider = Provider();
        var deleted = new List<string>();
        await foreach (var snapshot in provider.ListSnapshotsAsync())
        {
            await provider.DeleteSnapshotAsync(snapshot.Id);
            deleted.Add(snapshot.Id);
        }

        Assert.Equal(60, deleted.Distinct().Count());
        Assert.Equal(60, deleted.Count);
        Assert.Empty(_emulator.Hetzner.SnapshotIds);
    }

    [Fact]
    public async Task ListInstances_SecondPageAnsweredWithEmptyObject_ThrowsNeverAShorterList()
    {
        _emulator.SeedHetznerServers(60);
        var listed = new List<string>();

        var error = await Assert.ThrowsAsync<ProviderException>(async () =>
        {
            await foreach (var server in Provider().ListInstancesAsync())
            {
                if (listed.Count == 0)
                {
                    // Page 1 (50 of 60) has arrived; page 2 is asked for later and answered 200 {}.
                    _emulator.AddFault(new FaultRule { Method = "GET", PathPrefix = "/v1/servers", Body = "{}" });
                }

                listed.Add(server.Id);
            }
        });

        Assert.Equal(ProviderErrorKind.Api, error.Kind);
        Assert.Contains("page 2 without its list", error.Message);
        Assert.Equal(50, listed.Count);
    }

    [Fact]
    public async Task ListSnapshots_SecondPageAnsweredWithEmptyObject_Throws()
    {
        _emulator.SeedHetznerServers(55);
        using (var client = RawClient())
        {
            foreach (var id in _emulator.Hetzner.ServerIds)
            {
                using var made = await client.PostAsJsonAsync($"servers/{id}/actions/create_image", new { type = "snapshot", labels = new Dictionary<string, string> { ["managed-by"] = "spuff" } });
                made.EnsureSuccessStatusCode();
            }
        }

        var listed = 0;
        var error = await Assert.ThrowsAsync<ProviderException>(async () =>
        {
            await foreach (var unused in Provider().ListSnapshotsAsync())
            {
                if (listed++ == 0) _emulator.AddFault(new FaultRule { Method = "GET", PathPrefix = "/v1/images", Body = "{}" });
            }
        });

        Assert.Contains("page 2 without its list", error.Message);
        Assert.Equal(50, listed);
    }

    [Fact]
    public async Task ListInstances_ServersDeletedAndAddedMidListing_ListsEveryServerThatStayedOnce()
    {
        _emulator.SeedHetznerServers(120);
        var before = _emulator.Hetzner.ServerIds.Select(id => id.ToString()).ToList();
        var gone = before.Take(10).ToList();
        var listed = new List<string>();

        await foreach (var server in Provider().ListInstancesAsync())
        {
            if (listed.Count == 0)
            {
                // Someone else removes ten servers of page 1 and adds three, before page 2 is read.
                using var client = RawClient();
                foreach (var id in gone) (await client.DeleteAsync("servers/" + id)).EnsureSuccessStatusCode();
                _emulator.SeedHetznerServers(3);
            }

            listed.Add(server.Id);
        }

        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.Empty(before.Except(gone).Except(listed));
        Assert.Equal(123, listed.Count);
        Assert.True(Lists("/v1/servers").Count() > 3, "the changed list was read again");
    }

    [Fact]
    public async Task ListInstances_ThousandServers_AtMostSixteenRequestsInFlightAndNoMoreThanSequential()
    {
        _emulator.SeedHetznerServers(1000);
        _emulator.Configure(latency: TimeSpan.FromMilliseconds(20));

        var count = 0;
        await foreach (var unused in Provider().ListInstancesAsync())
        {
            count++;
        }

        var pages = Lists("/v1/servers").ToList();
        Assert.Equal(1000, count);
        Assert.Equal(20, pages.Count);
        Assert.InRange(MostAtOnce(pages), 2, HetznerProvider.ListConcurrency);
    }

    [Fact]
    public async Task ListInstances_RateBudgetLow_OnePageAtATime()
    {
        _emulator.SeedHetznerServers(500);
        _emulator.Configure(latency: TimeSpan.FromMilliseconds(20));
        // 300 of 3,600 left: below a tenth of the bucket, as the first page's RateLimit-Remaining will say.
        _emulator.HetznerRateLimiter.SetRemaining("listing-token", 300);

        var all = await Providers.Paging.Paginator.ToListAsync(Provider().ListInstancesAsync());

        var pages = Lists("/v1/servers").ToList();
        Assert.Equal(500, all.Count);
        Assert.Equal(10, pages.Count);
        Assert.Equal(1, MostAtOnce(pages));
    }

    [Fact]
    public async Task ListInstances_Filter_SelectsOnTheServerAndChecksLocally()
    {
        _emulator.SeedHetznerServers(3, new Dictionary<string, string> { ["team"] = "a", ["env"] = "prod" });
        _emulator.SeedHetznerServers(4, new Dictionary<string, string> { ["team"] = "b", ["env"] = "prod" });
        var filter = ListFilter.ForLabels(new Dictionary<string, string> { ["team"] = "a", ["env"] = "prod" });

        var found = await Providers.Paging.Paginator.ToListAsync(Provider().ListInstancesAsync(filter));

        Assert.Equal(3, found.Count);
        Assert.All(found, i => Assert.Equal("a", i.Labels["team"]));
        var selector = Uri.UnescapeDataString(System.Web.HttpUtility.ParseQueryString(Lists("/v1/servers").Single().Query)["label_selector"]!);
        Assert.Equal("managed-by=spuff,team=a,env=prod", selector);
    }

    [Fact]
    public async Task ListInstances_FilterValueHetznerCannotHold_ListsNothingAndSendsOnlyManagedBy()
    {
        _emulator.SeedHetznerServers(2, new Dictionary<string, string> { ["team"] = "a" });
        var filter = ListFilter.ForLabels(new Dictionary<string, string> { ["team"] = "a,env!=x" });

        var found = await Providers.Paging.Paginator.ToListAsync(Provider().ListInstancesAsync(filter));

        Assert.Empty(found);
        var selector = System.Web.HttpUtility.ParseQueryString(Lists("/v1/servers").Single().Query)["label_selector"];
        Assert.Equal("managed-by=spuff", selector);
    }

    [Fact]
    public async Task ListSnapshots_Filter_SelectsOnTheServer()
    {
        _emulator.SeedHetznerServers(2);
        var servers = _emulator.Hetzner.ServerIds;
        using (var client = RawClient())
        {
            (await client.PostAsJsonAsync($"servers/{servers[0]}/actions/create_image", new { type = "snapshot", labels = new Dictionary<string, string> { ["managed-by"] = "spuff", ["keep"] = "yes" } })).EnsureSuccessStatusCode();
            (await client.PostAsJsonAsync($"servers/{servers[1]}/actions/create_image", new { type = "snapshot", labels = new Dictionary<string, string> { ["managed-by"] = "spuff", ["keep"] = "no" } })).EnsureSuccessStatusCode();
        }

        var found = await Providers.Paging.Paginator.ToListAsync(Provider().ListSnapshotsAsync(ListFilter.ForLabels(new Dictionary<string, string> { ["keep"] = "yes" })));

        Assert.Equal("yes", Assert.Single(found).Labels["keep"]);
        var selector = System.Web.HttpUtility.ParseQueryString(Lists("/v1/images").Single().Query)["label_selector"];
        Assert.Equal("managed-by=spuff,keep=yes", selector);
    }

    // The most requests the emulator was answering at the same moment (a sweep over arrival and answer times).
    internal static int MostAtOnce(IEnumerable<RequestLogEntry> requests)
    {
        var events = requests.SelectMany(r => new[] { (At: r.Started, Step: 1), (At: r.Finished, Step: -1) })
            .OrderBy(e => e.At).ThenBy(e => e.Step);
        int now = 0, most = 0;
        foreach (var e in events)
        {
            now += e.Step;
            most = Math.Max(most, now);
        }

        return most;
    }

    private HttpClient RawClient()
    {
        var client = new HttpClient { BaseAddress = _emulator.HetznerEndpoint };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "listing-token");
        return client;
    }
}
