using Spuff.Emulator;
using Xunit;

namespace Spuff.Core.Tests.Support;

/// <summary>
/// One local emulator (127.0.0.1, free port, short delays) shared by the tests of a collection; the DigitalOcean and
/// Hetzner fixtures add their provider and raw-API helpers.
/// </summary>
public abstract class EmulatorFixture : IAsyncLifetime
{
    public const string Token = "emulator-token";

    public static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(250);

    private EmulatorServer? _server;

    public static ProviderTimeouts Timeouts { get; } = new(
        instanceReady: TimeSpan.FromSeconds(15),
        actionComplete: TimeSpan.FromSeconds(15),
        pollInterval: TimeSpan.FromMilliseconds(100),
        httpRequest: TimeSpan.FromSeconds(10),
        createVisibility: TimeSpan.FromMilliseconds(300));

    public EmulatorServer Server => _server ?? throw new InvalidOperationException("The emulator did not start.");

    public async Task InitializeAsync() =>
        _server = await EmulatorServer.StartAsync(new EmulatorOptions { ReadyDelay = Delay, ActionDelay = Delay });

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
