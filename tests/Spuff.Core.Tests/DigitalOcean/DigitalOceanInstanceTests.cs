using System.Text.Json;
using Spuff.Core;
using WireMock.RequestBuilders;
using Xunit;

namespace Spuff.Core.Tests.DigitalOcean;

public class DigitalOceanInstanceTests : IDisposable
{
    private readonly DoStub _stub = new();

    public void Dispose() => _stub.Dispose();

    [Fact]
    public async Task CreateInstance_ValidRequest_PostsTheSpecBodyAndReturnsNewInstance()
    {
        _stub.SshKeys(11, 12);
        _stub.Reply(_stub.Path("droplets", "POST"), 202, new { droplet = DoStub.Droplet(42, "new", null, "dev-1"), links = new { actions = new object[0] } });

        var request = new InstanceRequest("dev-1", "ams3", "s-2vcpu-4gb")
            .WithImage(ImageSpec.Debian("12"))
            .WithUserData("#cloud-config\n")
            .WithLabel("team", "platform");
        var instance = await _stub.Provider().CreateInstanceAsync(request);

        Assert.Equal("42", instance.Id);
        Assert.Equal(InstanceStatusKind.New, instance.GetStatus().Kind);
        Assert.Null(instance.IPAddress);
        Assert.Equal("digitalocean", instance.Provider);

        var post = Assert.Single(_stub.Requests("/v2/droplets", "POST"));
        using var body = JsonDocument.Parse(post.RequestMessage.Body!);
        var root = body.RootElement;
        Assert.Equal("dev-1", root.GetProperty("name").GetString());
        Assert.Equal("ams3", root.GetProperty("region").GetString());
        Assert.Equal("s-2vcpu-4gb", root.GetProperty("size").GetString());
        Assert.Equal("debian-12-x64", root.GetProperty("image").GetString());
        Assert.Equal("#cloud-config\n", root.GetProperty("user_data").GetString());
        Assert.Equal(new long[] { 11, 12 }, root.GetProperty("ssh_keys").EnumerateArray().Select(k => k.GetInt64()));
        var tags = root.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ToList();
        Assert.Contains("managed-by:spuff", tags);
        Assert.Contains("team:platform", tags);
        Assert.All(tags, t => Assert.Matches("^[a-zA-Z0-9_\\-\\:]+$", t!));
        Assert.Equal("Bearer " + DoStub.Token, post.RequestMessage.Headers!["Authorization"].Single());
    }

    [Fact]
    public async Task CreateInstance_TrailingLineBreaks_AreInvalidConfigBeforeAnyCall()
    {
        // .NET's $ also matches before a final line break: a pattern ending in $ let "web-1\n" through to the API.
        _stub.SshKeys(1);
        async Task<string?> FieldOf(InstanceRequest request) =>
            (await Assert.ThrowsAsync<ProviderException>(() => _stub.Provider().CreateInstanceAsync(request))).Field;

        Assert.Equal("Name", await FieldOf(new InstanceRequest("web-1\n")));
        Assert.Equal("Label", await FieldOf(new InstanceRequest("web-1").WithLabel("team\n", "core")));
        Assert.Equal("Label", await FieldOf(new InstanceRequest("web-1").WithLabel("team", "core\n")));
        Assert.Equal("IdempotencyToken", await FieldOf(new InstanceRequest("web-1") { IdempotencyToken = "retry-1\n" }));
        Assert.Empty(_stub.Requests());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task CreateInstance_EmptySshKey_IsInvalidConfigSshKeyBeforeAnyCall(string? key)
    {
        _stub.SshKeys(1);
        var request = new InstanceRequest("dev-1");
        request.SshKeys.Add(key!);

        var error = await Assert.ThrowsAsync<ProviderException>(() => _stub.Provider().CreateInstanceAsync(request));

        Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
        Assert.Equal("SshKey", error.Field);
        Assert.Empty(_stub.Requests());
    }

    [Theory]
    [InlineData("ubuntu-24.04", "\"ubuntu-24-04-x64\"")]
    [InlineData("ubuntu-22.04", "\"ubuntu-22-04-x64\"")]
    [InlineData("debian-12", "\"debian-12-x64\"")]
    [InlineData("snapshot:987654", "987654")]
    [InlineData("123456", "123456")]
    [InlineData("my-custom-slug", "\"my-custom-slug\"")]
    public async Task CreateInstance_ImageSpec_MapsToSlugOrId(string image, string expectedJson)
    {
        _stub.SshKeys(1);
        _stub.Reply(_stub.Path("droplets", "POST"), 202, new { droplet = DoStub.Droplet(1, "new") });

        await _stub.Provider().CreateInstanceAsync(new InstanceRequest("dev").WithImage(ImageSpec.Parse(image)));

        using var body = JsonDocument.Parse(_stub.Requests("/v2/droplets", "POST").Single().RequestMessage.Body!);
        Assert.Equal(expectedJson, body.RootElement.GetProperty("image").GetRawText());
    }

    [Fact]
    public async Task CreateInstance_NoRegionOrSize_UsesDefaults()
    {
        _stub.SshKeys(1);
        _stub.Reply(_stub.Path("droplets", "POST"), 202, new { droplet = DoStub.Droplet(1, "new") });

        await _stub.Provider().CreateInstanceAsync(new InstanceRequest("dev"));

        using var body = JsonDocument.Parse(_stub.Requests("/v2/droplets", "POST").Single().RequestMessage.Body!);
        Assert.Equal("nyc3", body.RootElement.GetProperty("region").GetString());
        Assert.Equal("s-1vcpu-1gb", body.RootElement.GetProperty("size").GetString());
        Assert.Equal("ubuntu-24-04-x64", body.RootElement.GetProperty("image").GetString());
    }

    [Fact]
    public async Task CreateInstance_SshKeysCannotBeRead_ReportsTheErrorAndCreatesNothing()
    {
        _stub.Reply(_stub.Path("account/keys"), 429, DoStub.Error("too_many_requests", "API rate limit exceeded"), new Dictionary<string, string> { ["retry-after"] = "3600" });

        var error = await Assert.ThrowsAsync<ProviderException>(() => _stub.Provider().CreateInstanceAsync(new InstanceRequest("dev")));

        Assert.Equal(ProviderErrorKind.RateLimit, error.Kind);
        Assert.Contains("SSH keys", error.Message);
        Assert.Empty(_stub.Requests("/v2/droplets", "POST"));
    }

    [Fact]
    public async Task CreateInstance_SshKeyByName_ResolvesToItsId()
    {
        _stub.SshKeys(7, 8);
        _stub.Reply(_stub.Path("droplets", "POST"), 202, new { droplet = DoStub.Droplet(1, "new") });

        await _stub.Provider().CreateInstanceAsync(new InstanceRequest("dev").WithSshKey("key8").WithSshKey("aa:bb:cc"));

        using var body = JsonDocument.Parse(_stub.Requests("/v2/droplets", "POST").Single().RequestMessage.Body!);
        Assert.Equal("[8,\"aa:bb:cc\"]", body.RootElement.GetProperty("ssh_keys").GetRawText());
    }

    [Fact]
    public async Task CreateInstance_503_IsNotRetriedAndNothingIsFound_SaysADropletMayExist()
    {
        _stub.SshKeys(1);
        _stub.Reply(_stub.Path("droplets", "POST"), 503, DoStub.Error("service_unavailable", "try later"));
        _stub.Reply(_stub.Path("droplets", "GET"), 200, new { droplets = new object[0], links = new { }, meta = new { total = 0 } });

        var error = await Assert.ThrowsAsync<ProviderException>(() => _stub.Provider().CreateInstanceAsync(new InstanceRequest("dev")));

        Assert.Equal(ProviderErrorKind.Api, error.Kind);
        Assert.Equal(503, error.StatusCode);
        Assert.True(error.OutcomeUnknown);
        Assert.Contains("Get-SpuffInstance -Provider digitalocean -Name dev", error.Message);
        Assert.Single(_stub.Requests("/v2/droplets", "POST"));
        var lookups = _stub.Requests("/v2/droplets", "GET").Where(r => r.RequestMessage.Query!.ContainsKey("tag_name")).ToList();
        Assert.True(lookups.Count >= 2, $"looked {lookups.Count} time(s)");
        Assert.All(lookups, l => Assert.StartsWith("spuff-request:", l.RequestMessage.Query!["tag_name"].Single()));
    }

    [Fact]
    public async Task CreateInstance_503ButTheDropletWasMade_ReturnsItInsteadOfLosingIt()
    {
        _stub.SshKeys(1);
        _stub.Reply(_stub.Path("droplets", "POST"), 504, DoStub.Error("gateway_timeout", "upstream timed out"));
        _stub.Reply(_stub.Path("droplets", "GET").WithParam("tag_name", new WireMock.Matchers.WildcardMatcher("spuff-request:*")), 200, new { droplets = new[] { DoStub.Droplet(77, "new", null, "dev") }, links = new { }, meta = new { total = 1 } });

        var instance = await _stub.Provider().CreateInstanceAsync(new InstanceRequest("dev"));

        Assert.Equal("77", instance.Id);
        Assert.Single(_stub.Requests("/v2/droplets", "POST"));
        Assert.Contains(_stub.Log.Lines, l => l.Level == ProviderLogLevel.Warning && l.Message.Contains("77"));
    }

    [Fact]
    public async Task GetInstance_Exists_MapsEveryField()
    {
        _stub.Reply(_stub.Path("droplets/42"), 200, new { droplet = DoStub.Droplet(42, "active", "203.0.113.10", "dev-1", "managed-by:spuff", "team:platform", "bare") });

        var instance = await _stub.Provider().GetInstanceAsync("42");

        Assert.NotNull(instance);
        Assert.Equal("dev-1", instance!.Name);
        Assert.Equal("203.0.113.10", instance.IPAddress!.ToString());
        Assert.Equal("nyc3", instance.Region);
        Assert.Equal("s-1vcpu-1gb", instance.Size);
        Assert.Equal("ubuntu-24-04-x64", instance.Image);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero), instance.CreatedAt);
        Assert.Equal("platform", instance.Labels["team"]);
        Assert.Equal(string.Empty, instance.Labels["bare"]);
        Assert.True(instance.IsReady);
    }

    [Fact]
    public async Task GetInstance_404_ReturnsNull()
    {
        _stub.Reply(_stub.Path("droplets/404404"), 404, DoStub.Error("not_found", "The resource you were accessing could not be found."));
        Assert.Null(await _stub.Provider().GetInstanceAsync("404404"));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("")]
    [InlineData("12 34")]
    public async Task GetInstance_NonNumericId_InvalidConfigBeforeAnyRequest(string id)
    {
        var error = await Assert.ThrowsAsync<ProviderException>(() => _stub.Provider().GetInstanceAsync(id));
        Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
        Assert.Equal("Id", error.Field);
        Assert.Empty(_stub.Server.LogEntries);
    }

    [Fact]
    public async Task ListInstances_ThreePages_YieldsEveryDropletWithTagAndMaxPageSize()
    {
        // The next links name another host on purpose: the token must only ever go to the configured endpoint.
        _stub.Reply(_stub.Path("droplets").WithParam("page", "2"), 200, new
        {
            droplets = new[] { DoStub.Droplet(3), DoStub.Droplet(4) },
            links = new { pages = new { next = "https://api.digitalocean.com/v2/droplets?page=3&per_page=200&tag_name=managed-by%3Aspuff" } },
            meta = new { total = 5 },
        }, priority: 1);
        _stub.Reply(_stub.Path("droplets").WithParam("page", "3"), 200, new
        {
            droplets = new[] { DoStub.Droplet(5) },
            links = new { pages = new { prev = "https://api.digitalocean.com/v2/droplets?page=2" } },
            meta = new { total = 5 },
        }, priority: 1);
        _stub.Reply(_stub.Path("droplets"), 200, new
        {
            droplets = new[] { DoStub.Droplet(1), DoStub.Droplet(2) },
            links = new { pages = new { next = "https://api.digitalocean.com/v2/droplets?page=2&per_page=200&tag_name=managed-by%3Aspuff" } },
            meta = new { total = 5 },
        });

        var ids = new List<string>();
        await foreach (var instance in _stub.Provider().ListInstancesAsync())
        {
            ids.Add(instance.Id);
        }

        Assert.Equal(new[] { "1", "2", "3", "4", "5" }, ids);
        var first = _stub.Requests("/v2/droplets").First().RequestMessage;
        Assert.Equal("managed-by:spuff", first.Query!["tag_name"].Single());
        Assert.Equal("200", first.Query["per_page"].Single());
        Assert.Equal(3, _stub.Requests("/v2/droplets").Count);
    }

    [Fact]
    public async Task ListInstances_SecondPageFails_ThrowsInsteadOfReturningAShorterList()
    {
        _stub.Reply(_stub.Path("droplets").WithParam("page", "2"), 500, DoStub.Error("server_error", "boom"), priority: 1);
        _stub.Reply(_stub.Path("droplets"), 200, new
        {
            droplets = new[] { DoStub.Droplet(1) },
            links = new { pages = new { next = _stub.Root + "/droplets?page=2&per_page=200" } },
            meta = new { total = 2 },
        });

        var seen = new List<string>();
        var error = await Assert.ThrowsAsync<ProviderException>(async () =>
        {
            await foreach (var instance in _stub.Provider().ListInstancesAsync())
            {
                seen.Add(instance.Id);
            }
        });

        Assert.Equal(new[] { "1" }, seen);
        Assert.Equal(ProviderErrorKind.Api, error.Kind);
        Assert.Equal(500, error.StatusCode);
    }

    [Fact]
    public async Task WaitReady_BecomesActiveAfterSeveralPolls_ReturnsReadyInstance()
    {
        var path = _stub.Path("droplets/9");
        _stub.Server.Given(path).InScenario("boot").WillSetStateTo("active-no-ip")
            .RespondWith(DoStub.Json(200, new { droplet = DoStub.Droplet(9, "new", null) }));
        _stub.Server.Given(path).InScenario("boot").WhenStateIs("active-no-ip").WillSetStateTo("ready")
            .RespondWith(DoStub.Json(200, new { droplet = DoStub.Droplet(9, "active", null) }));
        _stub.Server.Given(path).InScenario("boot").WhenStateIs("ready")
            .RespondWith(DoStub.Json(200, new { droplet = DoStub.Droplet(9, "active", "198.51.100.7") }));
        var progress = new List<OperationProgress>();

        var ready = await _stub.Provider().WaitReadyAsync("9", new SyncProgress<OperationProgress>(progress.Add));

        Assert.Equal("198.51.100.7", ready.IPAddress!.ToString());
        Assert.Equal(3, _stub.Requests("/v2/droplets/9").Count);
        Assert.Equal(3, progress.Count);
        Assert.Equal(100, progress.Last().PercentComplete);
        Assert.Contains(progress, p => p.Status == "active, waiting for an IP address");
    }

    [Fact]
    public async Task WaitReady_NeverReady_ThrowsTimeoutWithElapsed()
    {
        _stub.Timeouts = new ProviderTimeouts(instanceReady: TimeSpan.FromMilliseconds(200), pollInterval: TimeSpan.FromMilliseconds(20));
        _stub.Reply(_stub.Path("droplets/9"), 200, new { droplet = DoStub.Droplet(9, "new", null) });

        var error = await Assert.ThrowsAsync<ProviderException>(() => _stub.Provider().WaitReadyAsync("9"));

        Assert.Equal(ProviderErrorKind.Timeout, error.Kind);
        Assert.True(error.Elapsed >= TimeSpan.FromMilliseconds(200), $"elapsed {error.Elapsed}");
        Assert.True(error.IsRetryable);
        Assert.Contains("new", error.Message);
        Assert.True(_stub.Requests("/v2/droplets/9").Count >= 2);
    }

    [Fact]
    public async Task WaitReady_DropletDisappears_FailsFastWithNotFound()
    {
        _stub.Reply(_stub.Path("droplets/9"), 404, DoStub.Error("not_found", "gone"));
        var error = await Assert.ThrowsAsync<ProviderException>(() => _stub.Provider().WaitReadyAsync("9"));
        Assert.Equal(ProviderErrorKind.NotFound, error.Kind);
        Assert.Single(_stub.Requests("/v2/droplets/9"));
    }

    [Fact]
    public async Task WaitReady_Cancelled_StopsPromptly()
    {
        _stub.Reply(_stub.Path("droplets/9"), 200, new { droplet = DoStub.Droplet(9, "new", null) });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _stub.Provider().WaitReadyAsync("9", null, cts.Token));
    }

    [Fact]
    public async Task DestroyInstance_ManagedThenAlreadyGone_BothSucceed()
    {
        var get = _stub.Path("droplets/5");
        _stub.Server.Given(get).InScenario("del").RespondWith(DoStub.Json(200, new { droplet = DoStub.Droplet(5) }));
        _stub.Server.Given(get).InScenario("del").WhenStateIs("gone").RespondWith(DoStub.Json(404, DoStub.Error("not_found", "gone")));
        _stub.Server.Given(_stub.Path("droplets/5", "DELETE")).InScenario("del").WillSetStateTo("gone").RespondWith(DoStub.Json(204));
        var provider = _stub.Provider();

        await provider.DestroyInstanceAsync("5");
        await provider.DestroyInstanceAsync("5");

        Assert.Single(_stub.Requests("/v2/droplets/5", "DELETE"));
        Assert.Equal(2, _stub.Requests("/v2/droplets/5", "GET").Count);
    }

    [Fact]
    public async Task DestroyInstance_GoneBetweenLookupAndDelete_Succeeds()
    {
        _stub.Reply(_stub.Path("droplets/5"), 200, new { droplet = DoStub.Droplet(5) });
        _stub.Reply(_stub.Path("droplets/5", "DELETE"), 404, DoStub.Error("not_found", "gone"));

        await _stub.Provider().DestroyInstanceAsync("5");

        Assert.Single(_stub.Requests("/v2/droplets/5", "DELETE"));
    }

    [Fact]
    public async Task DestroyInstance_DropletNotMadeBySpuff_RefusedWithoutDeleting()
    {
        _stub.Reply(_stub.Path("droplets/6"), 200, new { droplet = DoStub.Droplet(6, "active", "203.0.113.10", "production-db", "env:prod") });

        var error = await Assert.ThrowsAsync<ProviderException>(() => _stub.Provider().DestroyInstanceAsync("6"));

        Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
        Assert.Equal("Id", error.Field);
        Assert.Contains("production-db", error.Message);
        Assert.Contains("managed-by:spuff", error.Message);
        Assert.Empty(_stub.Requests("/v2/droplets/6", "DELETE"));
    }

    [Fact]
    public async Task GetSshKeys_Account_ReturnsKeyIds()
    {
        _stub.SshKeys(3, 4);
        Assert.Equal(new[] { "3", "4" }, await _stub.Provider().GetSshKeysAsync());
    }

    [Fact]
    public async Task Catalog_RegionsAndSizes_ReadFromTheApi()
    {
        _stub.Reply(_stub.Path("regions"), 200, new { regions = new object[] { new { slug = "nyc3", name = "New York 3", available = true }, new { slug = "old1", name = "Old", available = false } }, links = new { }, meta = new { total = 2 } });
        _stub.Reply(_stub.Path("sizes"), 200, new { sizes = new object[] { new { slug = "s-1vcpu-1gb", vcpus = 1, memory = 1024, available = true } }, links = new { }, meta = new { total = 1 } });
        var provider = _stub.Provider();

        var regions = await provider.ListRegionsAsync();
        var sizes = await provider.ListSizesAsync();

        Assert.Equal(new[] { "nyc3" }, regions.Select(r => r.Name));
        Assert.Equal("1 vCPU, 1 GB", Assert.Single(sizes).Description);
    }
}

/// <summary>Progress that records synchronously (Progress&lt;T&gt; posts to the thread pool and may arrive late).</summary>
public sealed class SyncProgress<T> : IProgress<T>
{
    private readonly Action<T> _report;

    public SyncProgress(Action<T> report) => _report = report;

    public void Report(T value)
    {
        lock (this)
        {
            _report(value);
        }
    }
}
