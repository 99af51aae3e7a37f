using Spuff.Emulator;
using Spuff.Emulator.Testing;
using Xunit;

namespace Spuff.Core.Tests.Hetzner;

/// <summary>
/// The emulator behind a Prism validating proxy (<see cref="PrismProcess"/>) loaded with Hetzner's official
/// description (<c>&lt;repo&gt;/../shared/specs/hetzner/cloud.spec.json</c>, or the nearest ancestor holding it).
/// The spec's paths have no <c>/v1</c>; the fixture serves a copy whose paths carry it, so clients use the proxy's
/// <c>/v1/</c> exactly as they would https://api.hetzner.cloud/v1/ (a bare root would be completed with <c>/v1</c> by
/// the endpoint resolver, as users' overrides are), and Prism forwards to the emulator's root.
/// </summary>
public sealed class HetznerPrismFixture : IAsyncLifetime
{
    private const string Spec = "hetzner/cloud.spec.json";

    private PrismProcess? _prism;
    private string? _versionedSpec;

    public EmulatorServer? Emulator { get; private set; }

    /// <summary>The proxy's <c>/v1/</c>, which stands for https://api.hetzner.cloud/v1/.</summary>
    public Uri? ProxyEndpoint => _prism == null ? null : new Uri(_prism.BaseAddress, "v1/");

    public string? StartError { get; private set; }

    public string PrismOutput => _prism?.Output ?? string.Empty;

    public async Task InitializeAsync()
    {
        try
        {
            var spec = RepositoryLayout.RequireSpec(Spec);
            Emulator = await EmulatorServer.StartAsync(new EmulatorOptions { ReadyDelay = TimeSpan.FromMilliseconds(200), ActionDelay = TimeSpan.FromMilliseconds(200) });
            _versionedSpec = WithVersionedPaths(spec);
            _prism = await PrismProcess.StartProxyAsync(_versionedSpec, Emulator.BaseAddress.AbsoluteUri.TrimEnd('/'));
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException)
        {
            StartError = ex.Message;
        }
    }

    public async Task DisposeAsync()
    {
        if (_prism is not null) await _prism.DisposeAsync();
        if (Emulator is not null) await Emulator.DisposeAsync();
        if (_versionedSpec is not null) File.Delete(_versionedSpec);
    }

    // A copy of the spec whose paths start with /v1, as the API's real URLs do.
    private static string WithVersionedPaths(string spec)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(spec))!.AsObject();
        var paths = root["paths"]!.AsObject();
        var versioned = new System.Text.Json.Nodes.JsonObject();
        foreach (var (path, item) in paths.ToList())
        {
            paths.Remove(path);
            versioned["/v1" + path] = item;
        }

        root["paths"] = versioned;
        var copy = Path.Combine(Path.GetTempPath(), $"spuff-hetzner-spec-{Guid.NewGuid():n}.json");
        File.WriteAllText(copy, root.ToJsonString());
        return copy;
    }
}
