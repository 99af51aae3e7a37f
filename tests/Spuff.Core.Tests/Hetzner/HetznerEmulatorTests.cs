using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Spuff.Core;
using Spuff.Emulator.Infrastructure;
using Xunit;

namespace Spuff.Core.Tests.Hetzner;

/// <summary>The Hetzner part of the emulator: label selectors, pagination, rate limits, errors, transitions, faults.</summary>
[Collection(HetznerEmulatorCollection.Name)]
public sealed class HetznerEmulatorTests
{
    private readonly HetznerEmulatorFixture _emulator;

    public HetznerEmulatorTests(HetznerEmulatorFixture emulator)
    {
        _emulator = emulator;
    }

    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    private async Task<JsonElement> GetAsync(string path, string token = HetznerEmulatorFixture.Token, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var client = _emulator.CreateClient(token);
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"GET {path} -> {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Theory]
    [InlineData("env=prod", "a")]
    [InlineData("env==prod", "a")]
    [InlineData("env!=prod", "b,c")]
    [InlineData("env", "a,b")]
    [InlineData("!env", "c")]
    [InlineData("env in (prod,dev)", "a,b")]
    [InlineData("env notin (prod)", "b,c")]
    [InlineData("env=dev,team=x", "b")]
    [InlineData("env in (dev, prod),!team", "a")]
    public async Task LabelSelector_Expression_SelectsTheRightServers(string selector, string expected)
    {
        var run = Unique("run");
        var names = new Dictionary<string, string>();
        foreach (var (key, labels) in new[]
        {
            ("a", new Dictionary<string, string> { ["run"] = run, ["env"] = "prod" }),
            ("b", new Dictionary<string, string> { ["run"] = run, ["env"] = "dev", ["team"] = "x" }),
            ("c", new Dictionary<string, string> { ["run"] = run }),
        })
        {
            var name = Unique(key);
            await _emulator.CreateRawServerAsync(name, labels);
            names[name] = key;
        }

        var body = await GetAsync("servers?label_selector=" + Uri.EscapeDataString($"run={run},{selector}"));

        var got = body.GetProperty("servers").EnumerateArray().Select(s => names[s.GetProperty("name").GetString()!]).OrderBy(k => k);
        Assert.Equal(expected.Split(','), got);
    }

    [Fact]
    public async Task LabelSelector_Malformed_IsInvalidInput()
    {
        var body = await GetAsync("servers?label_selector=" + Uri.EscapeDataString("env in (a"), expected: HttpStatusCode.UnprocessableEntity);
        Assert.Equal("invalid_input", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("label_selector", body.GetProperty("error").GetProperty("details").GetProperty("fields")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Pagination_MetaAndLinkHeader_DescribeThePages()
    {
        var run = Unique("page");
        for (var i = 0; i < 3; i++)
        {
            await _emulator.CreateRawServerAsync(Unique("p"), new Dictionary<string, string> { ["run"] = run });
        }

        using var client = _emulator.CreateClient();
        using var first = await client.GetAsync($"servers?label_selector=run%3D{run}&per_page=2");
        var meta = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("meta").GetProperty("pagination");
        Assert.Equal(1, meta.GetProperty("page").GetInt32());
        Assert.Equal(2, meta.GetProperty("per_page").GetInt32());
        Assert.Equal(JsonValueKind.Null, meta.GetProperty("previous_page").ValueKind);
        Assert.Equal(2, meta.GetProperty("next_page").GetInt32());
        Assert.Equal(2, meta.GetProperty("last_page").GetInt32());
        Assert.Equal(3, meta.GetProperty("total_entries").GetInt32());
        var link = first.Headers.GetValues("Link").Single();
        Assert.Contains("page=2&per_page=2", link);
        Assert.Contains("rel=\"next\"", link);
        Assert.Contains("rel=\"last\"", link);

        var second = await GetAsync($"servers?label_selector=run%3D{run}&per_page=2&page=2");
        Assert.Single(second.GetProperty("servers").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("meta").GetProperty("pagination").GetProperty("next_page").ValueKind);
        Assert.Equal(1, second.GetProperty("meta").GetProperty("pagination").GetProperty("previous_page").GetInt32());

        var capped = await GetAsync("server_types?per_page=500");
        Assert.Equal(50, capped.GetProperty("meta").GetProperty("pagination").GetProperty("per_page").GetInt32());
    }

    [Fact]
    public async Task RateLimit_HeadersCountDown_AndAnEmptyBucketIsRetriedAfterOneRefill()
    {
        var token = Unique("budget");
        using var client = _emulator.CreateClient(token);
        using var one = await client.GetAsync("locations");
        using var two = await client.GetAsync("locations");
        Assert.Equal("3600", one.Headers.GetValues("RateLimit-Limit").Single());
        Assert.Equal(3599, int.Parse(one.Headers.GetValues("RateLimit-Remaining").Single()));
        Assert.Equal(3598, int.Parse(two.Headers.GetValues("RateLimit-Remaining").Single()));
        Assert.True(long.Parse(two.Headers.GetValues("RateLimit-Reset").Single()) > DateTimeOffset.UtcNow.ToUnixTimeSeconds());

        // An empty bucket answers 429; it refills one request per second, so the provider's retry (about a
        // second later, not at RateLimit-Reset an hour away) gets through: server 1 simply does not exist.
        _emulator.Server.HetznerRateLimiter.SetRemaining(token, 0);
        var found = await _emulator.CreateProvider(token: token).GetInstanceAsync("1").WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Null(found);
    }

    [Fact]
    public async Task Errors_BadReadOnlyAndForbiddenTokens_MapToAuthentication()
    {
        var body = await GetAsync("servers", token: "bad-token", expected: HttpStatusCode.Unauthorized);
        Assert.Equal("unauthorized", body.GetProperty("error").GetProperty("code").GetString());

        var readOnly = await Assert.ThrowsAsync<ProviderException>(() => _emulator.CreateProvider(token: "readonly-token").CreateInstanceAsync(new InstanceRequest(Unique("ro"))));
        Assert.Equal(ProviderErrorKind.Authentication, readOnly.Kind);
        Assert.Equal("token_readonly", readOnly.ErrorCode);
        Assert.Contains("Read & Write", readOnly.Message);

        var forbidden = await Assert.ThrowsAsync<ProviderException>(() => _emulator.CreateProvider(token: "forbidden-token").GetSshKeysAsync());
        Assert.Equal(ProviderErrorKind.Authentication, forbidden.Kind);
    }

    [Fact]
    public async Task Errors_DuplicateNameIsAlreadyExistsAndUnknownTypeNamesTheField()
    {
        var provider = _emulator.CreateProvider();
        var name = Unique("dup");
        var first = await provider.CreateInstanceAsync(new InstanceRequest(name));

        // A Spuff server of that name is the one an earlier run made: the re-run reports it, never a second one.
        var duplicate = await Assert.ThrowsAsync<ProviderException>(() => provider.CreateInstanceAsync(new InstanceRequest(name)));
        Assert.Equal(ProviderErrorKind.AlreadyExists, duplicate.Kind);
        Assert.Equal(first.Id, duplicate.Instance!.Id);
        Assert.Equal("uniqueness_error", duplicate.ErrorCode);

        var unknown = await Assert.ThrowsAsync<ProviderException>(() => provider.CreateInstanceAsync(new InstanceRequest(Unique("t"), "fsn1", "zz99")));
        Assert.Equal(ProviderErrorKind.InvalidConfig, unknown.Kind);
        Assert.Equal("Size", unknown.Field);
    }

    [Fact]
    public async Task Transitions_ServerActionAndImage_FollowTheDelays()
    {
        var provider = _emulator.CreateProvider();
        var created = await provider.CreateInstanceAsync(new InstanceRequest(Unique("tr")));
        Assert.Equal("initializing", created.GetStatus().Raw);
        Assert.NotNull(created.IPAddress);

        var ready = await provider.WaitReadyAsync(created.Id);
        Assert.Equal("running", ready.GetStatus().Raw);

        using var client = _emulator.CreateClient();
        using var response = await client.PostAsJsonAsync($"servers/{created.Id}/actions/create_image", new { type = "snapshot", description = "t" });
        var started = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var actionId = started.GetProperty("action").GetProperty("id").GetInt64();
        var imageId = started.GetProperty("image").GetProperty("id").GetInt64();
        Assert.Equal("running", started.GetProperty("action").GetProperty("status").GetString());
        Assert.Equal("creating", started.GetProperty("image").GetProperty("status").GetString());

        await Task.Delay(HetznerEmulatorFixture.Delay + TimeSpan.FromMilliseconds(100));
        var actions = await GetAsync($"actions?id={actionId}");
        Assert.Equal("success", actions.GetProperty("actions")[0].GetProperty("status").GetString());
        var image = await GetAsync($"images/{imageId}");
        Assert.Equal("available", image.GetProperty("image").GetProperty("status").GetString());
        Assert.True(image.GetProperty("image").GetProperty("image_size").GetDouble() > 0);
    }

    [Fact]
    public async Task Snapshot_RightAfterCreate_WaitsWhileTheServerIsLocked()
    {
        var provider = _emulator.CreateProvider();
        var created = await provider.CreateInstanceAsync(new InstanceRequest(Unique("lock")));

        var snapshot = await provider.CreateSnapshotAsync(created.Id, Unique("snap"));

        Assert.Equal(created.Id, snapshot.SourceInstanceId);
        var posts = _emulator.Server.GetRequests().Where(r => r.Method == "POST" && r.Path == $"/v1/servers/{created.Id}/actions/create_image").ToList();
        Assert.Equal(423, posts[0].Status);
        Assert.Equal(201, posts[^1].Status);
        await provider.DestroyInstanceAsync(created.Id);
        await provider.DeleteSnapshotAsync(snapshot.Id);
    }

    [Fact]
    public async Task Faults_OneUnavailableGet_IsRetriedByTheProvider()
    {
        var provider = _emulator.CreateProvider();
        var created = await provider.CreateInstanceAsync(new InstanceRequest(Unique("f")));
        _emulator.Server.AddFault(new FaultRule { Method = "GET", PathPrefix = "/v1/servers/" + created.Id, Status = 503, Count = 1 });

        Assert.NotNull(await provider.GetInstanceAsync(created.Id));
    }

    [Fact]
    public async Task Faults_DroppedCreate_IsSentAgainAndMakesOneServer()
    {
        var provider = _emulator.CreateProvider();
        var name = Unique("drop");
        int Posts(int status) => _emulator.Server.GetRequests().Count(r => r.Method == "POST" && r.Path == "/v1/servers" && r.Status == status);
        var (dropped, made) = (Posts(0), Posts(201));
        _emulator.Server.AddFault(new FaultRule { Method = "POST", PathPrefix = "/v1/servers", DropConnection = true, Count = 1 });

        var created = await provider.CreateInstanceAsync(new InstanceRequest(name));

        Assert.Equal(dropped + 1, Posts(0));
        Assert.Equal(made + 1, Posts(201));
        var listed = await GetAsync("servers?name=" + name);
        Assert.Equal(created.Id, Assert.Single(listed.GetProperty("servers").EnumerateArray()).GetProperty("id").GetInt64().ToString());
    }
}
