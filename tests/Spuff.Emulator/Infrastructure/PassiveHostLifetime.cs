namespace Spuff.Emulator.Infrastructure;

/// <summary>A host lifetime that does nothing: an emulator inside a test process must not hook the process's
/// SIGTERM/Ctrl+C (the default console lifetime does); the command line handles signals itself.</summary>
internal sealed class PassiveHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
