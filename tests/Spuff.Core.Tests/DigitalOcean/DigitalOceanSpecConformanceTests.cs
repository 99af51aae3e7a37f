using Spuff.Core;
using Spuff.Core.Tests.Support;
using Spuff.Emulator.Testing;
using Spuff.Providers.DigitalOcean;
using Xunit;

namespace Spuff.Core.Tests.DigitalOcean;

public sealed class DigitalOceanPrismFixture : IAsyncLifetime
{
    public PrismProcess Prism { get; private set; } = null!;

    public async Task InitializeAsync() => Prism = await PrismProcess.StartMockAsync(RepositoryLayout.RequireSpec("digitalocean/openapi.yaml"));

    public async Task DisposeAsync()
    {
        if (Prism is not null) await Prism.DisposeAsync();
    }
}

/// <summary>
/// Every request the provider sends is checked by Prism against DigitalOcean's official OpenAPI description
/// (field names, types, required fields, query parameters). Responses are Prism's examples, so only the requests
/// are judged here; the emulator's tests judge responses.
/// </summary>
public class DigitalOceanSpecConformanceTests : IClassFixture<DigitalOceanPrismFixture>
{
    private readonly DigitalOceanPrismFixture _fixture;

    public DigitalOceanSpecConformanceTests(DigitalOceanPrismFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task EveryOperation_RequestsConformToTheOfficialSpec()
    {
        var recorder = new RecordingHandler();
        var provider = DigitalOceanFactory.Create(
            new ProviderOptions
            {
                Token = "spec-check",
                Endpoint = new Uri(_fixture.Prism.BaseAddress, "v2/"),
                Timeouts = new ProviderTimeouts(actionComplete: TimeSpan.FromSeconds(1), pollInterval: TimeSpan.FromMilliseconds(100)),
            },
            s =>
            {
                s.PrimaryHandlerFactory = () => recorder;
                s.Retry = new Spuff.Providers.Http.RetrySettings { MaxRetries = 0 };
            });

        var request = new InstanceRequest("spec-check-1", "nyc3", "s-1vcpu-1gb")
            .WithImage(ImageSpec.Ubuntu("24.04"))
            .WithUserData("#cloud-config\n")
            .WithLabel("team", "platform");
        await provider.CreateInstanceAsync(request);
        await provider.CreateInstanceAsync(new InstanceRequest("spec-check-2").WithImage(ImageSpec.Snapshot("12345")).WithSshKey("99"));
        await provider.GetInstanceAsync("3164444");
        await foreach (var unused in provider.ListInstancesAsync())
        {
            break;
        }

        // Prism's example droplet and image are not spuff's, so these stop after the lookup (which is checked).
        await NotSpuffs(() => provider.DestroyInstanceAsync("3164444"));
        await foreach (var unused in provider.ListSnapshotsAsync())
        {
            break;
        }

        await NotSpuffs(() => provider.DeleteSnapshotAsync("6372321"));
        await ExamplePagesLoop(() => provider.GetSshKeysAsync());
        await ExamplePagesLoop(() => provider.ListRegionsAsync());
        await ExamplePagesLoop(() => provider.ListSizesAsync());
        // Prism's example action stays in progress, so the snapshot wait times out; the action POST and polls are
        // what is checked here, and the snapshot listing it would do next is checked on its own.
        var error = await Assert.ThrowsAsync<ProviderException>(() => provider.CreateSnapshotAsync("3164444", "nightly"));
        Assert.Equal(ProviderErrorKind.Timeout, error.Kind);
        await ExamplePagesLoop(async () =>
        {
            await foreach (var unused in provider.ListDropletSnapshotsAsync(CancellationToken.None))
            {
            }
        });
        await provider.TagImageAsync("managed-by:spuff", "6372321", CancellationToken.None);

        var exchanges = recorder.Exchanges.ToList();
        Assert.True(exchanges.Count >= 14, $"only {exchanges.Count} requests were checked");
        Assert.All(exchanges, e => Assert.True(e.Violations == null && e.Status < 400, $"{e.Method} {e.Path} -> {e.Status} {e.Violations}"));
        foreach (var expected in new[] { "POST /v2/droplets", "GET /v2/droplets?", "GET /v2/droplets/3164444", "POST /v2/droplets/3164444/actions", "GET /v2/actions/", "GET /v2/snapshots?", "GET /v2/images?", "GET /v2/images/6372321", "GET /v2/account/keys", "POST /v2/tags", "GET /v2/regions", "GET /v2/sizes" })
        {
            Assert.Contains(exchanges, e => (e.Method + " " + e.Path).StartsWith(expected, StringComparison.Ordinal));
        }
    }

    private static async Task NotSpuffs(Func<Task> remove)
    {
        var error = await Assert.ThrowsAsync<ProviderException>(remove);
        Assert.Contains("not made by Spuff", error.Message);
    }

    // Prism's examples always carry a next link to the same page; the paginator's loop guard ends those walks.
    private static async Task ExamplePagesLoop(Func<Task> walk)
    {
        try
        {
            await walk();
        }
        catch (ProviderException ex) when (ex.Message.Contains("twice"))
        {
        }
    }

    [Fact]
    public async Task PrismCheck_CanFail_ABrokenRequestIsReported()
    {
        using var client = new HttpClient { BaseAddress = _fixture.Prism.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "x");
        var response = await client.PostAsync("v2/droplets", new StringContent("{\"name\":5}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(422, (int)response.StatusCode);
        Assert.True(response.Headers.Contains("sl-violations"));
    }
}
