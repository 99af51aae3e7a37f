using System.Collections.Concurrent;
using System.Text.Json;
using Spuff.Core;
using Spuff.Providers.Hetzner;
using Xunit;

namespace Spuff.Core.Tests.Hetzner;

/// <summary>
/// Spuff's Hetzner provider talking to the emulator through a Prism proxy that checks both sides against Hetzner's
/// official description: every request Spuff sends and every response the emulator gives.
/// </summary>
public sealed class HetznerPrismTests : IClassFixture<HetznerPrismFixture>
{
    private readonly HetznerPrismFixture _fixture;

    public HetznerPrismTests(HetznerPrismFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task ProviderLifecycle_ThroughPrismProxy_HasNoViolations()
    {
        Assert.True(_fixture.StartError is null, _fixture.StartError);
        var recorder = new ViolationRecorder();
        var settings = HetznerFactory.CreateSettings(new ProviderOptions
        {
            Token = "prism-token",
            Endpoint = _fixture.ProxyEndpoint,
            Timeouts = HetznerEmulatorFixture.Timeouts,
        });
        settings.PrimaryHandlerFactory = () => recorder;
        var provider = new HetznerProvider(settings);

        var created = await provider.CreateInstanceAsync(new InstanceRequest("prism-1").WithLabel("env", "dev").WithUserData("#cloud-config\n"));
        await provider.CreateInstanceAsync(new InstanceRequest("prism-2", "nbg1", "cpx22").WithImage(ImageSpec.Debian("12")).WithSshKey("spuff-emulator"));
        await provider.WaitReadyAsync(created.Id);
        await provider.GetInstanceAsync(created.Id);
        await foreach (var _ in provider.ListInstancesAsync()) { }
        var snapshot = await provider.CreateSnapshotAsync(created.Id, "prism-snap");
        await foreach (var _ in provider.ListSnapshotsAsync()) { }
        var restored = await provider.CreateInstanceAsync(new InstanceRequest("prism-3").WithImage(snapshot.ToImageSpec()));
        await provider.GetSshKeysAsync();
        await provider.ListRegionsAsync();
        await provider.ListSizesAsync();
        await provider.ListImagesAsync();
        await provider.DestroyInstanceAsync(restored.Id);
        await provider.DestroyInstanceAsync(created.Id);
        Assert.Null(await provider.GetInstanceAsync(created.Id));
        await provider.DeleteSnapshotAsync(snapshot.Id);
        await provider.DeleteSnapshotAsync(snapshot.Id);

        Assert.True(recorder.Requests > 15, "the proxy saw too few requests: " + recorder.Requests);
        Assert.True(recorder.Violations.IsEmpty, string.Join(Environment.NewLine, recorder.Violations));
    }

    [Fact]
    public async Task HcloudCli_ThroughPrismProxy_GetsNoResponseViolations()
    {
        Assert.True(_fixture.StartError is null, _fixture.StartError);
        using var cli = new HcloudCli(_fixture.ProxyEndpoint!, "prism-cli-token") { Debug = true };
        var output = new System.Text.StringBuilder();

        output.Append(await cli.RunAsync("server", "create", "--name", "cli-prism", "--type", "cx23", "--image", "ubuntu-24.04", "--location", "fsn1", "--label", "managed-by=spuff"));
        output.Append(await cli.RunAsync("server", "list", "-l", "managed-by=spuff", "-o", "json"));
        output.Append(await cli.RunAsync("server", "describe", "cli-prism"));
        output.Append(await cli.RunAsync("server", "create-image", "--type", "snapshot", "--description", "cli-prism-snap", "cli-prism"));
        var images = await cli.RunAsync("image", "list", "-t", "snapshot", "-o", "json");
        output.Append(images);
        var imageId = System.Text.RegularExpressions.Regex.Match(images, "\\[\\{\"id\":(\\d+)").Groups[1].Value;
        output.Append(await cli.RunAsync("server", "delete", "cli-prism"));
        output.Append(await cli.RunAsync("image", "delete", imageId));

        // HCLOUD_DEBUG prints every response's headers, Prism's sl-violations among them.
        var violations = output.ToString().Split('\n')
            .Where(l => l.StartsWith("Sl-Violations:", StringComparison.OrdinalIgnoreCase))
            .SelectMany(l => JsonDocument.Parse(l["Sl-Violations:".Length..].Trim()).RootElement.EnumerateArray().Select(v => v.Clone()))
            .Where(v => v.GetProperty("location")[0].GetString() == "response" && !ViolationRecorder.IsKnownQuirk(v.GetProperty("message").GetString() ?? string.Empty))
            .Select(v => v.ToString())
            .ToList();
        Assert.Contains("--- Response:", output.ToString());
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    /// <summary>The primary handler: sends for real and keeps every sl-violations entry that is not a known spec quirk.</summary>
    private sealed class ViolationRecorder : DelegatingHandler
    {
        private int _requests;

        public ViolationRecorder()
            : base(new HttpClientHandler { AllowAutoRedirect = false })
        {
        }

        public ConcurrentQueue<string> Violations { get; } = new();

        public int Requests => _requests;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            Interlocked.Increment(ref _requests);
            if (response.Headers.TryGetValues("sl-violations", out var values))
            {
                foreach (var violation in JsonDocument.Parse(values.First()).RootElement.EnumerateArray())
                {
                    var message = violation.GetProperty("message").GetString() ?? string.Empty;
                    if (!IsKnownQuirk(message))
                    {
                        Violations.Enqueue($"{request.Method} {request.RequestUri?.PathAndQuery} -> {(int)response.StatusCode}: {violation}");
                    }
                }
            }

            return response;
        }

        // The description types image and ssh_keys[] as strings, but the real API and hcloud-go send integer ids
        // (specs/README.md). And Prism 5 cannot match a status against the description's "4xx" ranges, so an
        // expected 404 (GetInstance of a deleted server, a second DeleteSnapshot) is reported though it is described.
        internal static bool IsKnownQuirk(string message) =>
            message is "Request body property image must be string" ||
            (message.StartsWith("Request body property ssh_keys.", StringComparison.Ordinal) && message.EndsWith(" must be string", StringComparison.Ordinal)) ||
            message.StartsWith("Unable to match the returned status code with those defined in the document", StringComparison.Ordinal);
    }
}
