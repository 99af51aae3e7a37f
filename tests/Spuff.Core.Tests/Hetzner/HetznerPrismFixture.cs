using Spuff.Emulator;
using Spuff.Emulator.Testing;
using Xunit;

namespace Spuff.Core.Tests.Hetzner;

/// <summary>
/// The emulator behind a Prism validating proxy (<see cref="PrismProcess"/>) loaded with Hetzner's official
/// description (<c>&lt;repo&gt;/../shared/specs/hetzner/cloud.spec.json</c>, or the nearest ancestor holding it).
/// The spec's paths have no <c>/v1</c>, so clients talk to the proxy's root and Prism forwards to <c>emulator/v1</c>.
/// </summary>
public sealed class HetznerPrismFixture : IAsyncLifetime
{
    private const string Spec = "hetzner/cloud.spec.json";

    private PrismProcess? _prism;

    public EmulatorServer? Emulator { get; private set; }

    /// <summary>The proxy's root, which stands for https://api.hetzner.cloud/v1/.</summary>
    public Uri? ProxyEndpoint => _prism?.BaseAddress;

    public string? StartError { get; private set; }

    public string PrismOutput => _prism?.Output ?? string.Empty;

    public async Task InitializeAsync()
    {
        try
        {
            var spec = RepositoryLayout.RequireSpec(Spec);
            Emulator = await EmulatorServer.StartAsync(new EmulatorOptions { ReadyDelay = TimeSpan.FromMilliseconds(200), ActionDelay = TimeSpan.FromMilliseconds(200) });
            _prism = await PrismProcess.StartProxyAsync(spec, Emulator.HetznerEndpoint.AbsoluteUri.TrimEnd('/'));
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
    }
}
