using Spuff.Emulator.Testing;
using Xunit;

namespace Spuff.Emulator.Tests.Support;

/// <summary>
/// One emulator plus one Prism validating proxy (<see cref="PrismProcess"/>) in front of it, against DigitalOcean's
/// official OpenAPI description, shared by a test class. When Prism or the description is missing the tests fail
/// with <see cref="StartError"/>, which says how to install it.
/// </summary>
public sealed class PrismProxyFixture : IAsyncLifetime
{
    private const string Spec = "digitalocean/openapi.yaml";

    private PrismProcess? _prism;

    public EmulatorServer? Emulator { get; private set; }

    /// <summary>The proxy's DigitalOcean root, <c>http://127.0.0.1:PORT/v2/</c>.</summary>
    public Uri? ProxyEndpoint => _prism is null ? null : new Uri(_prism.BaseAddress, "v2/");

    /// <summary>Why the fixture could not start, or null.</summary>
    public string? StartError { get; private set; }

    public string PrismOutput => _prism?.Output ?? string.Empty;

    public async Task InitializeAsync()
    {
        try
        {
            var spec = RepositoryLayout.RequireSpec(Spec);
            Emulator = await EmulatorServer.StartAsync(new EmulatorOptions
            {
                ReadyDelay = TimeSpan.FromMilliseconds(100),
                ActionDelay = TimeSpan.FromMilliseconds(100),
            });
            _prism = await PrismProcess.StartProxyAsync(spec, Emulator.BaseAddress.GetLeftPart(UriPartial.Authority));
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
