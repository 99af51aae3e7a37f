using System.Net;
using System.Text.Json;
using Spuff.Core;
using Xunit;

namespace Spuff.Core.Tests.Hetzner;

public sealed class HetznerInstanceTests : IDisposable
{
    private readonly HetznerStub _stub = new();

    public void Dispose() => _stub.Dispose();

    private JsonElement PostedBody(string path)
    {
        var post = Assert.Single(_stub.Requests(path, "POST"));
        return JsonDocument.Parse(post.RequestMessage.Body!).RootElement;
    }

    [Fact]
    public async Task CreateInstance_Defaults_SendsNameTypeLocationImageAllKeysAndLabels()
    {
        _stub.Json(_stub.Path("ssh_keys"), 200, new { ssh_keys = new[] { new { id = 7, name = "me" }, new { id = 9, name = "ci" } }, meta = HetznerStub.Page(1, null) });
        _stub.Json(_stub.Path("servers", "POST"), 201, new
        {
            server = HetznerStub.ServerJson(42, "web-1", "initializing", null),
            action = HetznerStub.ActionJson(1, "running", "create_server"),
            next_actions = Array.Empty<object>(),
            root_password = (string?)null,
        });

        var request = new InstanceRequest("web-1").WithLabel("team", "infra").WithUserData("#cloud-config\n");
        var created = await _stub.Provider().CreateInstanceAsync(request);

        Assert.Equal("42", created.Id);
        Assert.Equal("hetzner", created.Provider);
        Assert.Equal(InstanceStatusKind.New, created.GetStatus().Kind);
        Assert.Equal("initializing", created.GetStatus().Raw);
        Assert.Null(created.IPAddress);
        Assert.False(created.IsReady);
        Assert.Equal("fsn1", created.Region);
        Assert.Equal("cx23", created.Size);
        Assert.Equal("ubuntu-24.04", created.Image);

        var body = PostedBody("servers");
        Assert.Equal("web-1", body.GetProperty("name").GetString());
        Assert.Equal("cx23", body.GetProperty("server_type").GetString());
        Assert.Equal("fsn1", body.GetProperty("location").GetString());
        Assert.Equal("ubuntu-24.04", body.GetProperty("image").GetString());
        Assert.Equal(new[] { 7L, 9L }, body.GetProperty("ssh_keys").EnumerateArray().Select(k => k.GetInt64()));
        Assert.Equal("#cloud-config\n", body.GetProperty("user_data").GetString());
        Assert.Equal("spuff", body.GetProperty("labels").GetProperty("managed-by").GetString());
        Assert.Equal("infra", body.GetProperty("labels").GetProperty("team").GetString());
        Assert.Contains("per_page=50", Assert.Single(_stub.Requests("ssh_keys", "GET")).RequestMessage.Url);
    }

    [Theory]
    [InlineData("snapshot:123456", "123456", true)]
    [InlineData("debian-12", "debian-12", false)]
    [InlineData("987654", "987654", true)]
    [InlineData("rocky-9", "rocky-9", false)]
    public async Task CreateInstance_Image_SendsNameOrIntegerId(string image, string expected, bool isInteger)
    {
        _stub.Json(_stub.Path("servers", "POST"), 201, new { server = HetznerStub.ServerJson(42), action = HetznerStub.ActionJson(1, "running") });
        var request = new InstanceRequest("web-1", "nbg1", "cpx22").WithImage(ImageSpec.Parse(image)).WithSshKey("my-key").WithSshKey("12");

        await _stub.Provider().CreateInstanceAsync(request);

        var body = PostedBody("servers");
        var sent = body.GetProperty("image");
        Assert.Equal(isInteger ? JsonValueKind.Number : JsonValueKind.String, sent.ValueKind);
        Assert.Equal(expected, sent.ToString());
        Assert.Equal("nbg1", body.GetProperty("location").GetString());
        Assert.Equal("cpx22", body.GetProperty("server_type").GetString());
        var keys = body.GetProperty("ssh_keys").EnumerateArray().ToArray();
        Assert.Equal("my-key", keys[0].GetString());
        Assert.Equal(12, keys[1].GetInt64());
        Assert.Empty(_stub.Requests("ssh_keys", "GET"));
    }

    [Fact]
    public async Task CreateInstance_Fingerprint_IsResolvedToTheKeyId()
    {
        const string fingerprint = "b7:2f:30:a0:2f:6c:58:6c:21:04:58:61:ba:06:3b:2f";
        _stub.Json(_stub.Path("ssh_keys"), 200, new { ssh_keys = new[] { new { id = 31, name = "laptop", fingerprint } }, meta = HetznerStub.Page(1, null) });
        _stub.Json(_stub.Path("servers", "POST"), 201, new { server = HetznerStub.ServerJson(42), action = HetznerStub.ActionJson(1, "running") });

        await _stub.Provider().CreateInstanceAsync(new InstanceRequest("web-1").WithSshKey(fingerprint));

        Assert.Equal(31, PostedBody("servers").GetProperty("ssh_keys")[0].GetInt64());
        Assert.Contains("fingerprint=b7%3A2f", Assert.Single(_stub.Requests("ssh_keys", "GET")).RequestMessage.Url, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task CreateInstance_ServerErrorEveryTime_TriesThreeTimesAndSaysAServerMayExist()
    {
        _stub.Json(_stub.Path("ssh_keys"), 200, new { ssh_keys = Array.Empty<object>(), meta = HetznerStub.Page(1, null) });
        _stub.Error(_stub.Path("servers", "POST"), 503, "unavailable", "service unavailable", headers: ("X-Correlation-Id", "corr-503"));
        _stub.Json(_stub.Path("servers").WithParam("name", "web-1"), 200, new { servers = Array.Empty<object>(), meta = HetznerStub.Page(1, null) });

        var error = await Assert.ThrowsAsync<ProviderException>(() => _stub.Provider().CreateInstanceAsync(new InstanceRequest("web-1")));

        Assert.Equal(ProviderErrorKind.Api, error.Kind);
        Assert.Equal(503, error.StatusCode);
        Assert.Equal("corr-503", error.RequestId);
        Assert.True(error.OutcomeUnknown);
        Assert.Contains("Get-SpuffInstance -Provider hetzner -Name web-1", error.Message);
        Assert.DoesNotContain("nothing was created", error.Message);
        Assert.Equal(3, _stub.Requests("servers", "POST").Count);
        Assert.NotEmpty(_stub.Requests("servers", "GET"));
    }

    [Fact]
    public async Task CreateInstance_Body_CarriesARequestMarkLabel()
    {
        _stub.Json(_stub.Path("ssh_keys"), 200, new { ssh_keys = Array.Empty<object>(), meta = HetznerStub.Page(1, null) });
        _stub.Json(_stub.Path("servers", "POST"), 201, new { server = HetznerStub.ServerJson(42), action = HetznerStub.ActionJson(1, "running") });

        await _stub.Provider().CreateInstanceAsync(new InstanceRequest("web-1"));

        Assert.Matches("^[0-9a-f]{12}$", PostedBody("servers").GetProperty("labels").GetProperty("spuff-request").GetString());
    }

    [Fact]
    public async Task Factory_NoTokenOption_TakesHcloudTokenFromTheEnvironment()
    {
        _stub.Json(_stub.Path("servers/42"), 200, new { server = HetznerStub.ServerJson(42) });
        var saved = (Environment.GetEnvironmentVariable("HETZNER_TOKEN"), Environment.GetEnvironmentVariable("HCLOUD_TOKEN"));
        try
        {
            Environment.SetEnvironmentVariable("HETZNER_TOKEN", null);
            Environment.SetEnvironmentVariable("HCLOUD_TOKEN", "from-hcloud-env");
            var provider = new Spuff.Providers.Hetzner.HetznerFactory().Create(new ProviderOptions { Endpoint = _stub.Endpoint });

            await provider.GetInstanceAsync("42");
        }
        finally
        {
            Environment.SetEnvironmentVariable("HETZNER_TOKEN", saved.Item1);
            Environment.SetEnvironmentVariable("HCLOUD_TOKEN", saved.Item2);
        }

        Assert.Equal("Bearer from-hcloud-env", Assert.Single(_stub.Requests("servers/42", "GET")).RequestMessage.Headers!["Authorization"].Single());
    }

    [Fact]
    public async Task CreateInstance_Cancelled_SendsNothing()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _stub.Provider().CreateInstanceAsync(new InstanceRequest("web-1"), cts.Token));
        Assert.Equal(0, _stub.RequestCount);
    }

    [Fact]
    public async Task GetInstance_Running_MapsAddressRegionSizeImageLabels()
    {
        _stub.Json(_stub.Path("servers/42"), 200, new { server = HetznerStub.ServerJson(42, labels: new Dictionary<string, string> { ["managed-by"] = "spuff", ["env"] = "dev" }) });

        var instance = await _stub.Provider().GetInstanceAsync("42");

        Assert.NotNull(instance);
        Assert.True(instance!.IsReady);
        Assert.Equal(IPAddress.Parse("203.0.113.10"), instance.GetIPAddress());
        Assert.Equal("fsn1", instance.Region);
        Assert.Equal("cx23", instance.Size);
        Assert.Equal("dev", instance.Labels["env"]);
        Assert.Equal(DateTimeOffset.Parse("2026-11-26T10:00:00+00:00"), instance.CreatedAt);
    }

    [Fact]
    public async Task GetInstance_Ipv6Only_HasNoAddressAndIsNotReady()
    {
        _stub.Json(_stub.Path("servers/42"), 200, new { server = HetznerStub.ServerJson(42, ipv4: null) });

        var instance = await _stub.Provider().GetInstanceAsync("42");

        Assert.Equal(InstanceStatusKind.Active, instance!.GetStatus().Kind);
        Assert.Null(instance.IPAddress);
        Assert.False(instance.IsReady);
    }

    [Fact]
    public async Task GetInstance_NotFound_ReturnsNull()
    {
        _stub.Error(_stub.Path("servers/5"), 404, "not_found", "server with ID '5' not found");
        Assert.Null(await _stub.Provider().GetInstanceAsync("5"));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("0")]
    [InlineData("9007199254740992")]
    [InlineData("")]
    public async Task Members_NonNumericId_ThrowInvalidConfigBeforeAnyCall(string id)
    {
        var provider = _stub.Provider();
        foreach (var call in new Func<Task>[]
        {
            () => provider.GetInstanceAsync(id),
            () => provider.DestroyInstanceAsync(id),
            () => provider.WaitReadyAsync(id),
            () => provider.DeleteSnapshotAsync(id),
            () => provider.CreateSnapshotAsync(id, "snap"),
        })
        {
            var error = await Assert.ThrowsAsync<ProviderException>(call);
            Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
            Assert.NotNull(error.Field);
        }

        Assert.Equal(0, _stub.RequestCount);
    }

    [Fact]
    public async Task DestroyInstance_OkWithActionOrNotFound_IsSuccess()
    {
        _stub.Json(_stub.Path("servers/42"), 200, new { server = HetznerStub.ServerJson(42) });
        _stub.Json(_stub.Path("servers/42", "DELETE"), 200, new { action = HetznerStub.ActionJson(3, "running", "delete_server") });
        _stub.Json(_stub.Path("servers/44"), 200, new { server = HetznerStub.ServerJson(44) });
        _stub.Error(_stub.Path("servers/44", "DELETE"), 404, "not_found", "server not found");
        _stub.Error(_stub.Path("servers/43"), 404, "not_found", "server not found");
        var provider = _stub.Provider();

        await provider.DestroyInstanceAsync("42");
        await provider.DestroyInstanceAsync("43");
        await provider.DestroyInstanceAsync("44");

        Assert.Single(_stub.Requests("servers/42", "DELETE"));
        Assert.Empty(_stub.Requests("servers/43", "DELETE"));
        Assert.Single(_stub.Requests("servers/44", "DELETE"));
    }

    [Fact]
    public async Task DestroyInstance_ServerNotMadeBySpuff_RefusedWithoutDeleting()
    {
        _stub.Json(_stub.Path("servers/45"), 200, new { server = HetznerStub.ServerJson(45, "production-db", labels: new Dictionary<string, string> { ["env"] = "prod" }) });

        var error = await Assert.ThrowsAsync<ProviderException>(() => _stub.Provider().DestroyInstanceAsync("45"));

        Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
        Assert.Contains("production-db", error.Message);
        Assert.Contains("managed-by=spuff", error.Message);
        Assert.Empty(_stub.Requests("servers/45", "DELETE"));
    }

    [Fact]
    public async Task ListInstances_ThreePages_WalksEveryPageAt50WithTheLabelSelector()
    {
        for (var page = 1; page <= 3; page++)
        {
            var servers = Enumerable.Range(page * 100, page == 3 ? 1 : 50).Select(i => HetznerStub.ServerJson(i, $"s{i}")).ToArray();
            _stub.Json(_stub.Path("servers").WithParam("page", page.ToString()), 200, new { servers, meta = HetznerStub.Page(page, page < 3 ? page + 1 : null, 3, 101) });
        }

        var listed = await ToListAsync(_stub.Provider().ListInstancesAsync());

        Assert.Equal(101, listed.Count);
        Assert.Equal(101, listed.Select(i => i.Id).Distinct().Count());
        var requests = _stub.Requests("servers", "GET");
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r =>
        {
            Assert.Equal("managed-by=spuff", r.RequestMessage.Query!["label_selector"].Single());
            Assert.Equal("50", r.RequestMessage.Query!["per_page"].Single());
        });
    }

    [Fact]
    public async Task ListInstances_FailingPage_IsAnErrorNotAShorterList()
    {
        _stub.Json(_stub.Path("servers").WithParam("page", "1"), 200, new { servers = new[] { HetznerStub.ServerJson(1) }, meta = HetznerStub.Page(1, 2) });
        _stub.Error(_stub.Path("servers").WithParam("page", "2"), 500, "server_error", "boom");
        var seen = new List<ProviderInstance>();

        var error = await Assert.ThrowsAsync<ProviderException>(async () =>
        {
            await foreach (var instance in _stub.Provider().ListInstancesAsync())
            {
                seen.Add(instance);
            }
        });

        Assert.Equal(ProviderErrorKind.Api, error.Kind);
        Assert.Equal("server_error", error.ErrorCode);
        Assert.Single(seen);
    }

    [Fact]
    public async Task WaitReady_InitializingThenRunning_ReturnsTheReadyInstance()
    {
        _stub.Server.Given(_stub.Path("servers/42")).InScenario("boot").WillSetStateTo("started")
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(new { server = HetznerStub.ServerJson(42, status: "initializing", ipv4: null) })));
        _stub.Server.Given(_stub.Path("servers/42")).InScenario("boot").WhenStateIs("started")
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(new { server = HetznerStub.ServerJson(42) })));
        var progress = new List<OperationProgress>();

        var ready = await _stub.Provider().WaitReadyAsync("42", new SyncProgress<OperationProgress>(progress.Add));

        Assert.True(ready.IsReady);
        Assert.Equal(2, _stub.Requests("servers/42", "GET").Count);
        Assert.Equal("initializing", progress[0].Status);
    }

    [Fact]
    public async Task WaitReady_NeverRunning_TimesOutWithElapsed()
    {
        _stub.Json(_stub.Path("servers/42"), 200, new { server = HetznerStub.ServerJson(42, status: "starting", ipv4: null) });
        var timeouts = HetznerStub.FastTimeouts.WithInstanceReady(TimeSpan.FromMilliseconds(200));

        var error = await Assert.ThrowsAsync<ProviderException>(() => _stub.Provider(timeouts).WaitReadyAsync("42"));

        Assert.Equal(ProviderErrorKind.Timeout, error.Kind);
        Assert.True(error.Elapsed >= TimeSpan.FromMilliseconds(200));
        Assert.Contains("starting", error.Message);
    }

    [Fact]
    public async Task WaitReady_Deleting_FailsFast()
    {
        _stub.Json(_stub.Path("servers/42"), 200, new { server = HetznerStub.ServerJson(42, status: "deleting") });
        var error = await Assert.ThrowsAsync<ProviderException>(() => _stub.Provider().WaitReadyAsync("42"));
        Assert.Equal(ProviderErrorKind.NotFound, error.Kind);
        Assert.Single(_stub.Requests("servers/42", "GET"));
    }

    [Fact]
    public async Task GetSshKeys_TwoPages_ReturnsEveryId()
    {
        _stub.Json(_stub.Path("ssh_keys").WithParam("page", "1"), 200, new { ssh_keys = new[] { new { id = 1, name = "a" } }, meta = HetznerStub.Page(1, 2) });
        _stub.Json(_stub.Path("ssh_keys").WithParam("page", "2"), 200, new { ssh_keys = new[] { new { id = 2, name = "b" } }, meta = HetznerStub.Page(2, null) });

        Assert.Equal(new[] { "1", "2" }, await _stub.Provider().GetSshKeysAsync());
    }

    [Fact]
    public async Task Catalog_ListsLocationsTypesAndSystemImages()
    {
        _stub.Json(_stub.Path("locations"), 200, new { locations = new[] { new { id = 1, name = "fsn1", description = "Falkenstein DC Park 1", city = "Falkenstein", country = "DE" } }, meta = HetznerStub.Page(1, null) });
        _stub.Json(_stub.Path("server_types"), 200, new
        {
            server_types = new object[]
            {
                new { id = 1, name = "cx23", cores = 2, memory = 4.0, disk = 40, architecture = "x86", deprecated = false },
                new { id = 2, name = "cx11", cores = 1, memory = 2.0, disk = 20, architecture = "x86", deprecated = true },
            },
            meta = HetznerStub.Page(1, null),
        });
        _stub.Json(_stub.Path("images"), 200, new
        {
            images = new object[]
            {
                new { id = 1, type = "system", name = "ubuntu-24.04", description = "Ubuntu 24.04", architecture = "x86" },
                new { id = 2, type = "system", name = "ubuntu-24.04", description = "Ubuntu 24.04", architecture = "arm" },
                new { id = 3, type = "system", name = "debian-12", description = "Debian 12", architecture = "x86" },
            },
            meta = HetznerStub.Page(1, null),
        });
        var provider = _stub.Provider();

        var regions = await provider.ListRegionsAsync();
        var sizes = await provider.ListSizesAsync();
        var images = await provider.ListImagesAsync();

        Assert.Equal("fsn1", Assert.Single(regions).Name);
        Assert.Contains("Falkenstein", regions[0].Description);
        Assert.Equal("cx23", Assert.Single(sizes).Name);
        Assert.Equal(new[] { "debian-12", "ubuntu-24.04" }, images.Select(i => i.Name));
        Assert.Equal("system", Assert.Single(_stub.Requests("images", "GET")).RequestMessage.Query!["type"].Single());
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }

    [Fact]
    public async Task CreateInstance_TrailingLineBreaks_AreInvalidConfigBeforeAnyCall()
    {
        // .NET's $ also matches before a final line break: a pattern ending in $ let "web-1\n" through to the API.
        async Task<string?> FieldOf(InstanceRequest request) =>
            (await Assert.ThrowsAsync<ProviderException>(() => _stub.Provider().CreateInstanceAsync(request))).Field;

        Assert.Equal("Name", await FieldOf(new InstanceRequest("web-1\n")));
        Assert.Equal("Label", await FieldOf(new InstanceRequest("web-1").WithLabel("team\n", "core")));
        Assert.Equal("Label", await FieldOf(new InstanceRequest("web-1").WithLabel("team", "core\n")));
        Assert.Empty(_stub.Server.LogEntries);
    }
}

/// <summary>IProgress that reports on the calling thread, so a test sees every report before it asserts.</summary>
public sealed class SyncProgress<T> : IProgress<T>
{
    private readonly Action<T> _report;

    public SyncProgress(Action<T> report) => _report = report;

    public void Report(T value) => _report(value);
}
