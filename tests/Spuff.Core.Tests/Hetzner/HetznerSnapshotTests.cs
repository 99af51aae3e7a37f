using System.Text.Json;
using Spuff.Core;
using WireMock.ResponseBuilders;
using Xunit;

namespace Spuff.Core.Tests.Hetzner;

public sealed class HetznerSnapshotTests : IDisposable
{
    private readonly HetznerStub _stub = new();

    public void Dispose() => _stub.Dispose();

    private void ActionSequence(long id, params object[] states)
    {
        for (var i = 0; i < states.Length; i++)
        {
            var request = _stub.Server.Given(_stub.Path($"actions/{id}")).InScenario("action");
            request = i == 0 ? request : request.WhenStateIs("s" + i);
            request.WillSetStateTo("s" + (i + 1))
                .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(new { action = states[i] })));
        }
    }

    [Fact]
    public async Task CreateSnapshot_WaitsForTheActionAndReturnsTheLabelledImage()
    {
        _stub.Json(_stub.Path("servers/42/actions/create_image", "POST"), 201, new { image = HetznerStub.ImageJson(900, "nightly", "creating"), action = HetznerStub.ActionJson(55, "running") });
        ActionSequence(55, HetznerStub.ActionJson(55, "running"), HetznerStub.ActionJson(55, "success"));
        _stub.Json(_stub.Path("images/900"), 200, new { image = HetznerStub.ImageJson(900, "nightly") });
        var progress = new List<OperationProgress>();

        var snapshot = await _stub.Provider().CreateSnapshotAsync("42", "nightly", new SyncProgress<OperationProgress>(progress.Add));

        Assert.Equal("900", snapshot.Id);
        Assert.Equal("nightly", snapshot.Name);
        Assert.Equal("hetzner", snapshot.Provider);
        Assert.Equal(1.25, snapshot.SizeGb);
        Assert.Equal("42", snapshot.SourceInstanceId);
        Assert.Equal(DateTimeOffset.Parse("2026-11-26T11:00:00+00:00"), snapshot.CreatedAt);
        Assert.Equal(ImageSpec.Snapshot("900"), snapshot.ToImageSpec());
        var body = JsonDocument.Parse(Assert.Single(_stub.Requests("servers/42/actions/create_image", "POST")).RequestMessage.Body!).RootElement;
        Assert.Equal("snapshot", body.GetProperty("type").GetString());
        Assert.Equal("nightly", body.GetProperty("description").GetString());
        Assert.Equal("spuff", body.GetProperty("labels").GetProperty("managed-by").GetString());
        Assert.Equal("42", body.GetProperty("labels").GetProperty("spuff-source-instance").GetString());
        Assert.Equal(2, _stub.Requests("actions/55", "GET").Count);
        Assert.Equal(100, progress.Last().PercentComplete);
    }

    [Fact]
    public async Task CreateSnapshot_ServerLocked_SendsThePostAgainUntilItStarts()
    {
        var path = _stub.Path("servers/42/actions/create_image", "POST");
        _stub.Server.Given(path).InScenario("lock").WillSetStateTo("unlocked")
            .RespondWith(Response.Create().WithStatusCode(423).WithHeader("Content-Type", "application/json")
                .WithBody("{\"error\":{\"code\":\"locked\",\"message\":\"server is locked\",\"details\":null}}"));
        _stub.Server.Given(path).InScenario("lock").WhenStateIs("unlocked")
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json")
                .WithBody(JsonSerializer.Serialize(new { image = HetznerStub.ImageJson(900, "nightly"), action = HetznerStub.ActionJson(55, "success") })));
        _stub.Json(_stub.Path("images/900"), 200, new { image = HetznerStub.ImageJson(900, "nightly") });

        var snapshot = await _stub.Provider().CreateSnapshotAsync("42", "nightly");

        Assert.Equal("900", snapshot.Id);
        Assert.Equal(2, _stub.Requests("servers/42/actions/create_image", "POST").Count);
        Assert.Empty(_stub.Requests("actions/55", "GET"));
    }

    [Fact]
    public async Task CreateSnapshot_ServerError_IsNotResent()
    {
        _stub.Error(_stub.Path("servers/42/actions/create_image", "POST"), 503, "unavailable", "try later");

        var error = await Assert.ThrowsAsync<ProviderException>(() => _stub.Provider().CreateSnapshotAsync("42", "nightly"));

        Assert.Equal(503, error.StatusCode);
        Assert.Single(_stub.Requests("servers/42/actions/create_image", "POST"));
    }

    [Fact]
    public async Task CreateSnapshot_ActionError_FailsWithTheActionsCode()
    {
        _stub.Json(_stub.Path("servers/42/actions/create_image", "POST"), 201, new { image = HetznerStub.ImageJson(900, "nightly", "creating"), action = HetznerStub.ActionJson(55, "running") });
        ActionSequence(55, HetznerStub.ActionJson(55, "error", error: new { code = "image_create_failed", message = "disk is busy" }));

        var error = await Assert.ThrowsAsync<ProviderException>(() => _stub.Provider().CreateSnapshotAsync("42", "nightly"));

        Assert.Equal(ProviderErrorKind.Api, error.Kind);
        Assert.Equal("image_create_failed", error.ErrorCode);
        Assert.Contains("disk is busy", error.Message);
        Assert.Equal("55", error.ResourceId);
    }

    [Fact]
    public async Task CreateSnapshot_ActionNeverFinishes_TimesOut()
    {
        _stub.Json(_stub.Path("servers/42/actions/create_image", "POST"), 201, new { image = HetznerStub.ImageJson(900, "nightly", "creating"), action = HetznerStub.ActionJson(55, "running") });
        _stub.Json(_stub.Path("actions/55"), 200, new { action = HetznerStub.ActionJson(55, "running") });
        var timeouts = HetznerStub.FastTimeouts.WithActionComplete(TimeSpan.FromMilliseconds(200));

        var error = await Assert.ThrowsAsync<ProviderException>(() => _stub.Provider(timeouts).CreateSnapshotAsync("42", "nightly"));

        Assert.Equal(ProviderErrorKind.Timeout, error.Kind);
        Assert.NotNull(error.Elapsed);
    }

    [Fact]
    public async Task CreateSnapshot_MissingServer_IsNotFoundNamingTheInstance()
    {
        _stub.Error(_stub.Path("servers/42/actions/create_image", "POST"), 404, "not_found", "server not found");

        var error = await Assert.ThrowsAsync<ProviderException>(() => _stub.Provider().CreateSnapshotAsync("42", "nightly"));

        Assert.Equal(ProviderErrorKind.NotFound, error.Kind);
        Assert.Equal("instance", error.ResourceType);
        Assert.Equal("42", error.ResourceId);
    }

    [Fact]
    public async Task CreateSnapshot_EmptyName_IsInvalidConfigBeforeAnyCall()
    {
        var error = await Assert.ThrowsAsync<ProviderException>(() => _stub.Provider().CreateSnapshotAsync("42", " "));
        Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
        Assert.Equal(0, _stub.RequestCount);
    }

    [Fact]
    public async Task ListSnapshots_TwoPages_UsesTypeAndLabelSelector()
    {
        _stub.Json(_stub.Path("images").WithParam("page", "1"), 200, new { images = new[] { HetznerStub.ImageJson(1, "a") }, meta = HetznerStub.Page(1, 2) });
        _stub.Json(_stub.Path("images").WithParam("page", "2"), 200, new { images = new[] { HetznerStub.ImageJson(2, "b", createdFrom: null) }, meta = HetznerStub.Page(2, null) });

        var snapshots = new List<Snapshot>();
        await foreach (var snapshot in _stub.Provider().ListSnapshotsAsync())
        {
            snapshots.Add(snapshot);
        }

        Assert.Equal(new[] { "a", "b" }, snapshots.Select(s => s.Name));
        Assert.Equal("42", snapshots[1].SourceInstanceId);
        Assert.All(_stub.Requests("images", "GET"), r =>
        {
            Assert.Equal("snapshot", r.RequestMessage.Query!["type"].Single());
            Assert.Equal("managed-by=spuff", r.RequestMessage.Query!["label_selector"].Single());
            Assert.Equal("50", r.RequestMessage.Query!["per_page"].Single());
        });
    }

    [Fact]
    public async Task DeleteSnapshot_NoContentOrNotFound_IsSuccess()
    {
        _stub.Json(_stub.Path("images/900"), 200, new { image = HetznerStub.ImageJson(900, "golden") });
        _stub.Server.Given(_stub.Path("images/900", "DELETE")).RespondWith(Response.Create().WithStatusCode(204));
        _stub.Error(_stub.Path("images/901"), 404, "not_found", "image not found");
        var provider = _stub.Provider();

        await provider.DeleteSnapshotAsync("900");
        await provider.DeleteSnapshotAsync("901");

        Assert.Single(_stub.Requests("images/900", "DELETE"));
        Assert.Empty(_stub.Requests("images/901", "DELETE"));
    }
}
