using Spuff.Core.Tests.Plumbing;
using Spuff.Providers.Ssh;
using Xunit;

namespace Spuff.Core.Tests.Ssh;

/// <summary>-UntilCloudInit's waiter against a real sshd whose stand-in cloud-init says running, done or error.</summary>
[Collection(SshdCollection.Name)]
public sealed class CloudInitWaiterTests : IDisposable
{
    private static readonly ProviderTimeouts Fast = new(pollInterval: TimeSpan.FromMilliseconds(100), sshConnect: TimeSpan.FromSeconds(20), cloudInit: TimeSpan.FromSeconds(20));
    private readonly SshdFixture _sshd;
    private readonly string _knownHosts = Path.Combine(Path.GetTempPath(), "spuff-kh-" + Guid.NewGuid().ToString("N"));

    public CloudInitWaiterTests(SshdFixture sshd)
    {
        _sshd = sshd;
    }

    public void Dispose()
    {
        File.Delete(_knownHosts);
        File.Delete(_sshd.CloudInitState);
    }

    [Fact]
    public async Task Wait_RunningThenDone_ReturnsInstanceAfterDone()
    {
        _sshd.SetCloudInit("running");
        var instance = SshdFixture.Instance("301");
        var seen = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var progress = new SyncProgress(p => seen.Enqueue(p.Status));

        var wait = CloudInitWaiter.WaitAsync(new ScriptedProvider(), instance, _sshd.Access(_knownHosts), Fast, progress, null, CancellationToken.None);
        await WaitUntilAsync(() => seen.Any(s => s.Contains("cloud-init running")));
        Assert.False(wait.IsCompleted);
        _sshd.SetCloudInit("done");
        var ready = await wait;

        Assert.Same(instance, ready);
        Assert.Contains(seen, s => s.Contains("logged in"));
        Assert.Equal("cloud-init done", seen.Last());
    }

    [Fact]
    public async Task Wait_Error_CloudInitFailedWithStatusAndErrors()
    {
        _sshd.SetCloudInit("error");

        var error = await Assert.ThrowsAsync<ProviderException>(() =>
            CloudInitWaiter.WaitAsync(new ScriptedProvider(), SshdFixture.Instance("302"), _sshd.Access(_knownHosts), Fast, null, null, CancellationToken.None));

        Assert.Equal(CloudInitWaiter.FailedCode, error.ErrorCode);
        Assert.Equal("302", error.ResourceId);
        Assert.Contains("cloud-init failed on instance", error.Message);
        Assert.Contains("status: error", error.Message);
        Assert.Contains("Runparts: 1 failures", error.Message);
    }

    [Fact]
    public async Task Wait_NeverDone_TimeoutWithLastStatus()
    {
        _sshd.SetCloudInit("running");
        var timeouts = new ProviderTimeouts(pollInterval: TimeSpan.FromMilliseconds(50), sshConnect: TimeSpan.FromSeconds(20), cloudInit: TimeSpan.FromMilliseconds(600));

        var error = await Assert.ThrowsAsync<ProviderException>(() =>
            CloudInitWaiter.WaitAsync(new ScriptedProvider(), SshdFixture.Instance("303"), _sshd.Access(_knownHosts), timeouts, null, null, CancellationToken.None));

        Assert.Equal(ProviderErrorKind.Timeout, error.Kind);
        Assert.Contains("cloud-init running", error.Message);
    }

    [Fact]
    public async Task Wait_SshNotAnswering_RetriedUntilSshConnectThenTimeout()
    {
        var access = _sshd.Access(_knownHosts);
        access.Port = Support.FreePort.Next();
        var timeouts = new ProviderTimeouts(pollInterval: TimeSpan.FromMilliseconds(50), sshConnect: TimeSpan.FromMilliseconds(700), cloudInit: TimeSpan.FromSeconds(20));
        var attempts = new System.Collections.Concurrent.ConcurrentQueue<string>();

        var error = await Assert.ThrowsAsync<ProviderException>(() =>
            CloudInitWaiter.WaitAsync(new ScriptedProvider(), SshdFixture.Instance("304"), access, timeouts, new SyncProgress(p => attempts.Enqueue(p.Status)), null, CancellationToken.None));

        Assert.Equal(ProviderErrorKind.Timeout, error.Kind);
        Assert.Contains("log in over SSH", error.Message);
        Assert.True(attempts.Count >= 2, "the login was tried more than once: " + string.Join(", ", attempts));
    }

    [Fact]
    public async Task Wait_ChangedHostKey_FailsAtOnceWithoutRetrying()
    {
        var instance = SshdFixture.Instance("305");
        File.WriteAllText(_knownHosts, KnownHostsStore.Alias("digitalocean", "305", "127.0.0.1", _sshd.Port) +
            " ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHZ3c3d3c3d3c3d3c3d3c3d3c3d3c3d3c3d3c3d3c3d3\n");
        var started = DateTimeOffset.UtcNow;

        var error = await Assert.ThrowsAsync<ProviderException>(() =>
            CloudInitWaiter.WaitAsync(new ScriptedProvider(), instance, _sshd.Access(_knownHosts), Fast, null, null, CancellationToken.None));

        Assert.Equal(SshErrors.HostKeyChanged, error.ErrorCode);
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Wait_Cancelled_StopsPromptly()
    {
        _sshd.SetCloudInit("running");
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(800));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            CloudInitWaiter.WaitAsync(new ScriptedProvider(), SshdFixture.Instance("306"), _sshd.Access(_knownHosts), Fast, null, null, cts.Token));
    }

    [Theory]
    [InlineData(0, "status: done\n", "done", true, false)]
    [InlineData(0, "\nstatus: running\n", "running", false, false)]
    [InlineData(1, "status: error\n", "error", false, true)]
    [InlineData(2, "status: done\nextended_status: degraded done\n", "done", true, false)]
    [InlineData(0, "status: disabled\n", "disabled", true, false)]
    [InlineData(0, "status: not-installed\n", "not-installed", true, false)]
    [InlineData(0, "status: not started\n", "not started", false, false)]
    public void Parse_CloudInitOutput_StateAndVerdict(int exit, string output, string state, bool done, bool isError)
    {
        var status = CloudInitStatus.Parse(exit, output);

        Assert.Equal(state, status.State);
        Assert.Equal(done, status.IsDone);
        Assert.Equal(isError, status.IsError);
        Assert.Equal(exit == 2, status.IsDegraded);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition());
    }

    private sealed class SyncProgress : IProgress<OperationProgress>
    {
        private readonly Action<OperationProgress> _report;

        public SyncProgress(Action<OperationProgress> report) => _report = report;

        public void Report(OperationProgress value)
        {
            lock (this)
            {
                _report(value);
            }
        }
    }
}
