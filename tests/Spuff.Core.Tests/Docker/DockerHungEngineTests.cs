using System.Diagnostics;
using System.Net.Sockets;
using Spuff.Core;
using Spuff.Providers.Docker;
using Xunit;

namespace Spuff.Core.Tests.Docker;

/// <summary>
/// An engine that accepts connections and never answers (a hung dockerd): reads give up after the HTTP timeout,
/// not after the ten minutes a commit may take.
/// </summary>
public sealed class DockerHungEngineTests : IDisposable
{
    private static readonly ProviderTimeouts Timeouts = new(
        httpRequest: TimeSpan.FromMilliseconds(500),
        actionComplete: TimeSpan.FromMinutes(10));

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "spuff-hung-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly Socket _listener;
    private readonly List<Socket> _accepted = new();
    private readonly CancellationTokenSource _stop = new();

    public DockerHungEngineTests()
    {
        Directory.CreateDirectory(_directory);
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen(16);
        _ = AcceptForeverAsync();
    }

    private string SocketPath => Path.Combine(_directory, "docker.sock");

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
        lock (_accepted)
        {
            foreach (var socket in _accepted)
            {
                socket.Dispose();
            }
        }

        Directory.Delete(_directory, recursive: true);
    }

    // Accepts every connection, reads nothing, answers nothing.
    private async Task AcceptForeverAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var socket = await _listener.AcceptAsync(_stop.Token);
                lock (_accepted) _accepted.Add(socket);
            }
        }
        catch (Exception e) when (e is OperationCanceledException || e is ObjectDisposedException || e is SocketException)
        {
        }
    }

    private IProvider Provider() =>
        new DockerFactory().Create(new ProviderOptions { Endpoint = new Uri("unix://" + SocketPath), Timeouts = Timeouts });

    [Fact]
    public async Task ListInstances_EngineNeverAnswers_TimesOutAfterTheHttpTimeout()
    {
        var provider = Provider();
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ProviderException>(async () =>
        {
            await foreach (var _ in provider.ListInstancesAsync())
            {
            }
        });

        Assert.Equal(ProviderErrorKind.Timeout, error.Kind);
        Assert.Equal("docker", error.Provider);
        Assert.Contains("/containers/json", error.Message);
        // The bound is the HTTP timeout (0.5 s), far from the 10 min action timeout; generous for a loaded machine.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task GetInstance_EngineNeverAnswers_TimesOutAfterTheHttpTimeout()
    {
        var error = await Assert.ThrowsAsync<ProviderException>(() => Provider().GetInstanceAsync("dev-box"));

        Assert.Equal(ProviderErrorKind.Timeout, error.Kind);
        Assert.Contains("/containers/dev-box/json", error.Message);
    }

    [Fact]
    public async Task GetInstance_CallerCancels_IsCancellationNotTimeout()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new DockerFactory().Create(new ProviderOptions { Endpoint = new Uri("unix://" + SocketPath), Timeouts = new ProviderTimeouts(httpRequest: TimeSpan.FromMinutes(5)) })
                .GetInstanceAsync("dev-box", cancel.Token));
    }

    [Theory]
    [InlineData("POST", "/commit?container=x", true)]
    [InlineData("POST", "/images/create?fromImage=busybox", true)]
    [InlineData("DELETE", "/containers/x?force=true", true)]
    [InlineData("GET", "/containers/json", false)]
    [InlineData("GET", "/images/x/json", false)]
    [InlineData("POST", "/containers/create?name=x", false)]
    [InlineData("POST", "/containers/x/start", false)]
    public void IsSlow_OnlyCallsThatCopyOrDeleteFilesystems(string method, string path, bool slow)
    {
        Assert.Equal(slow, DockerEngine.IsSlow(method, path));
    }
}
