using System.Text.Json;
using Spuff.Core;
using Xunit;

namespace Spuff.Core.Tests.DigitalOcean;

public class DigitalOceanSnapshotTests : IDisposable
{
    private readonly DoStub _stub = new();

    public void Dispose() => _stub.Dispose();

    private void SnapshotAction(params string[] statuses)
    {
        _stub.Reply(_stub.Path("droplets/42/actions", "POST"), 201, new { action = Action(statuses[0]) });
        var path = _stub.Path("actions/900");
        for (var i = 0; i < statuses.Length; i++)
        {
            var rule = _stub.Server.Given(path).InScenario("action");
            rule = i == 0 ? rule : rule.WhenStateIs("s" + i);
            if (i < statuses.Length - 1)
            {
                rule = rule.WillSetStateTo("s" + (i + 1));
            }

            rule.RespondWith(DoStub.Json(200, new { action = Action(statuses[i]) }));
        }
    }

    private static object Action(string status) => new
    {
        id = 900,
        status,
        type = "snapshot",
        started_at = "2026-11-26T10:00:00Z",
        resource_id = 42,
        resource_type = "droplet",
        region_slug = "nyc3",
    };

    private static object Snap(string id, string name, string resourceId, string created) => new
    {
        id,
        name,
        created_at = created,
        resource_id = resourceId,
        resource_type = "droplet",
        regions = new[] { "nyc3" },
        min_disk_size = 25,
        size_gigabytes = 2.4,
        tags = new string[0],
    };

    [Fact]
    public async Task CreateSnapshot_ActionCompletes_FindsItByResourceAndExactNameThenTagsIt()
    {
        SnapshotAction("in-progress", "in-progress", "completed");
        _stub.Reply(_stub.Path("snapshots"), 200, new
        {
            snapshots = new[]
            {
                Snap("500", "nightly", "42", "2026-11-26T09:00:00Z"),          // same droplet, older, different name
                Snap("501", "nightly-2", "42", "2026-11-26T10:05:00Z"),        // name prefix match must not count
                Snap("502", "nightly", "99", "2026-11-26T10:06:00Z"),          // same name, other droplet
                Snap("503", "nightly", "42", "2026-11-26T10:04:00Z"),          // the one
            },
            links = new { },
            meta = new { total = 4 },
        });
        _stub.Reply(_stub.Path("tags", "POST"), 201, new { tag = new { name = "x" } });
        _stub.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath(new WireMock.Matchers.WildcardMatcher("/v2/tags/*/resources")).UsingPost())
            .RespondWith(DoStub.Json(204));
        var progress = new List<OperationProgress>();

        var snapshot = await _stub.Provider().CreateSnapshotAsync("42", "nightly", new SyncProgress<OperationProgress>(progress.Add));

        Assert.Equal("503", snapshot.Id);
        Assert.Equal("nightly", snapshot.Name);
        Assert.Equal("42", snapshot.SourceInstanceId);
        Assert.Equal("digitalocean", snapshot.Provider);
        Assert.Equal("spuff", snapshot.Labels["managed-by"]);
        Assert.Equal(3, _stub.Requests("/v2/actions/900").Count);
        Assert.Equal(3, progress.Count);
        Assert.Contains("Creating snapshot", progress[0].Activity);

        using var actionBody = JsonDocument.Parse(_stub.Requests("/v2/droplets/42/actions", "POST").Single().RequestMessage.Body!);
        Assert.Equal("snapshot", actionBody.RootElement.GetProperty("type").GetString());
        Assert.Equal("nightly", actionBody.RootElement.GetProperty("name").GetString());
        Assert.Equal("droplet", _stub.Requests("/v2/snapshots").First().RequestMessage.Query!["resource_type"].Single());

        var tagged = _stub.Requests("/resources", "POST").Select(e => e.RequestMessage).Where(r => !r.Path.Contains("spuff-snapshot")).ToList();
        Assert.Contains(tagged, r => r.Path == "/v2/tags/managed-by:spuff/resources" || r.Path == "/v2/tags/managed-by%3Aspuff/resources");
        Assert.All(tagged, r =>
        {
            using var body = JsonDocument.Parse(r.Body!);
            var resource = body.RootElement.GetProperty("resources")[0];
            Assert.Equal("503", resource.GetProperty("resource_id").GetString());
            Assert.Equal("image", resource.GetProperty("resource_type").GetString());
        });
    }

    [Fact]
    public async Task CreateSnapshot_ActionErrors_FailsWithTheActionsError()
    {
        SnapshotAction("in-progress", "errored");

        var error = await Assert.ThrowsAsync<ProviderException>(() => _stub.Provider().CreateSnapshotAsync("42", "nightly"));

        Assert.Equal(ProviderErrorKind.Api, error.Kind);
        Assert.Equal("errored", error.ErrorCode);
        Assert.Equal("900", error.ResourceId);
        Assert.Empty(_stub.Requests("/v2/snapshots"));
    }

    [Fact]
    public async Task CreateSnapshot_ActionPollFails_IsAnErrorNotIgnored()
    {
        _stub.Reply(_stub.Path("droplets/42/actions", "POST"), 201, new { action = Action("in-progress") });
        _stub.Reply(_stub.Path("actions/900"), 403, DoStub.Error("forbidden", "You do not have access"));

        var error = await Assert.ThrowsAsync<ProviderException>(() => _stub.Provider().CreateSnapshotAsync("42", "nightly"));

        Assert.Equal(ProviderErrorKind.Authentication, error.Kind);
    }

    [Fact]
    public async Task CreateSnapshot_ActionNeverCompletes_TimesOut()
    {
        _stub.Timeouts = new ProviderTimeouts(actionComplete: TimeSpan.FromMilliseconds(150), pollInterval: TimeSpan.FromMilliseconds(20));
        _stub.Reply(_stub.Path("droplets/42/actions", "POST"), 201, new { action = Action("in-progress") });
        _stub.Reply(_stub.Path("actions/900"), 200, new { action = Action("in-progress") });

        var error = await Assert.ThrowsAsync<ProviderException>(() => _stub.Provider().CreateSnapshotAsync("42", "nightly"));

        Assert.Equal(ProviderErrorKind.Timeout, error.Kind);
        Assert.NotNull(error.Elapsed);
    }

    [Fact]
    public async Task ListSnapshots_TwoPagesByTag_YieldsEveryImage()
    {
        _stub.Reply(_stub.Path("images").WithParam("page", "2"), 200, new
        {
            images = new[] { new { id = 3, name = "c", type = "snapshot", created_at = "2026-11-26T10:00:00Z", tags = new[] { "managed-by:spuff", "spuff-source:42" } } },
            links = new { },
            meta = new { total = 3 },
        }, priority: 1);
        _stub.Reply(_stub.Path("images"), 200, new
        {
            images = new[]
            {
                new { id = 1, name = "a", type = "snapshot", created_at = "2026-11-26T10:00:00Z", tags = new[] { "managed-by:spuff" } },
                new { id = 2, name = "b", type = "snapshot", created_at = "2026-11-26T10:00:00Z", tags = new[] { "managed-by:spuff" } },
            },
            links = new { pages = new { next = _stub.Root + "/images?page=2&per_page=200&tag_name=managed-by%3Aspuff" } },
            meta = new { total = 3 },
        });

        var snapshots = new List<Snapshot>();
        await foreach (var snapshot in _stub.Provider().ListSnapshotsAsync())
        {
            snapshots.Add(snapshot);
        }

        Assert.Equal(new[] { "1", "2", "3" }, snapshots.Select(s => s.Id));
        Assert.Equal("42", snapshots[2].SourceInstanceId);
        var first = _stub.Requests("/v2/images").First().RequestMessage;
        Assert.Equal("managed-by:spuff", first.Query!["tag_name"].Single());
        Assert.Equal("200", first.Query["per_page"].Single());
    }

    private void Image(long id, params string[] tags) =>
        _stub.Reply(_stub.Path("images/" + id), 200, new { image = new { id, name = "img" + id, type = "snapshot", created_at = "2026-11-26T10:00:00Z", tags } });

    [Fact]
    public async Task DeleteSnapshot_ManagedOrMissing_BothSucceed()
    {
        Image(7, "managed-by:spuff");
        _stub.Reply(_stub.Path("images/8"), 404, DoStub.Error("not_found", "gone"));
        _stub.Reply(_stub.Path("snapshots/7", "DELETE"), 204);
        var provider = _stub.Provider();

        await provider.DeleteSnapshotAsync("7");
        await provider.DeleteSnapshotAsync("8");

        Assert.Equal(new[] { "/v2/snapshots/7" }, _stub.Requests("/v2/snapshots/", "DELETE").Select(e => e.RequestMessage.Path));
    }

    [Fact]
    public async Task DeleteSnapshot_NotMadeBySpuff_RefusedWithoutDeleting()
    {
        Image(9, "golden-image");

        var error = await Assert.ThrowsAsync<ProviderException>(() => _stub.Provider().DeleteSnapshotAsync("9"));

        Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
        Assert.Equal("snapshot", error.ResourceType);
        Assert.Empty(_stub.Requests("/v2/snapshots/", "DELETE"));
    }

    [Fact]
    public async Task DeleteSnapshot_ServerError_IsReported()
    {
        Image(7, "managed-by:spuff");
        _stub.Reply(_stub.Path("snapshots/7", "DELETE"), 500, DoStub.Error("server_error", "boom"));
        var error = await Assert.ThrowsAsync<ProviderException>(() => _stub.Provider().DeleteSnapshotAsync("7"));
        Assert.Equal(500, error.StatusCode);
    }
}
