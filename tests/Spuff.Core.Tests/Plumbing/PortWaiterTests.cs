using System.Net;
using System.Net.Sockets;
using Spuff.Core.Tests.Support;
using Spuff.Providers.Waiting;
using Xunit;

namespace Spuff.Core.Tests.Plumbing;

public class PortWaiterTests
{
    private static readonly ProviderTimeouts Fast = new(sshConnect: TimeSpan.FromSeconds(5), pollInterval: TimeSpan.FromMilliseconds(50));

    private static ProviderInstance Loopback(IPAddress? address = null) =>
        new("i-1", InstanceStatus.Active, address ?? IPAddress.Loopback, DateTimeOffset.UtcNow) { Name = "dev" };

    [Fact]
    public async Task WaitForPort_ListenerStartsLater_ReturnsOnceItAccepts()
    {
        var port = FreePort.Next();
        var listener = new TcpListener(IPAddress.Loopback, port);
        var progress = new List<OperationProgress>();
        var wait = PortWaiter.WaitForPortAsync(Loopback(), port, Fast, new DigitalOcean.SyncProgress<OperationProgress>(progress.Add));
        await Task.Delay(300);
        Assert.False(wait.IsCompleted);
        listener.Start();
        try
        {
            var instance = await wait.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal("i-1", instance.Id);
            Assert.Contains(progress, p => p.Status.Contains("ConnectionRefused"));
            Assert.Equal($"port {port} open", progress[^1].Status);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task WaitForPort_NeverOpens_TimesOutNamingThePort()
    {
        var port = FreePort.Next();
        var timeouts = new ProviderTimeouts(sshConnect: TimeSpan.FromMilliseconds(300), pollInterval: TimeSpan.FromMilliseconds(50));

        var error = await Assert.ThrowsAsync<ProviderException>(() => PortWaiter.WaitForPortAsync(Loopback(), port, timeouts));

        Assert.Equal(ProviderErrorKind.Timeout, error.Kind);
        Assert.Contains($"port {port}", error.Message);
        Assert.Equal("i-1", error.ResourceId);
    }

    [Fact]
    public async Task WaitForPort_NoAddressOrBadPort_InvalidConfigWithoutConnecting()
    {
        var noAddress = new ProviderInstance("i-2", InstanceStatus.New, null, DateTimeOffset.UtcNow);
        Assert.Equal(ProviderErrorKind.InvalidConfig, (await Assert.ThrowsAsync<ProviderException>(() => PortWaiter.WaitForPortAsync(noAddress, 22, Fast))).Kind);
        Assert.Equal("SshPort", (await Assert.ThrowsAsync<ProviderException>(() => PortWaiter.WaitForPortAsync(Loopback(), 0, Fast))).Field);
    }

    [Fact]
    public async Task WaitForPort_Cancelled_StopsPromptly()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => PortWaiter.WaitForPortAsync(Loopback(), FreePort.Next(), ProviderTimeouts.Default, null, cts.Token));
    }
}
