using Spuff.Core.Tests.Plumbing;
using Spuff.Providers.Ssh;
using Xunit;

namespace Spuff.Core.Tests.Ssh;

/// <summary>SSH.NET against a real sshd: output, exit codes, host keys learnt and checked, refused logins.</summary>
[Collection(SshdCollection.Name)]
public sealed class SshCommandRunnerTests : IDisposable
{
    private readonly SshdFixture _sshd;
    private readonly string _knownHosts = Path.Combine(Path.GetTempPath(), "spuff-kh-" + Guid.NewGuid().ToString("N"));

    public SshCommandRunnerTests(SshdFixture sshd)
    {
        _sshd = sshd;
    }

    public void Dispose() => File.Delete(_knownHosts);

    [Fact]
    public async Task RunCommand_RealSshd_ReturnsStdoutStderrAndExitCode()
    {
        var instance = SshdFixture.Instance("101");

        var result = await new SshCommandRunner().RunCommandAsync(instance, "echo out; echo err >&2; whoami; exit 7", _sshd.Access(_knownHosts));

        Assert.Equal(7, result.ExitCode);
        Assert.Equal("out\nroot\n", result.StdOut);
        Assert.Equal("err\n", result.StdErr);
        Assert.Same(instance, result.Instance);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task RunCommand_FirstContact_LearnsHostKeyUnderInstanceAlias()
    {
        var instance = SshdFixture.Instance("102");

        await new SshCommandRunner().RunCommandAsync(instance, "true", _sshd.Access(_knownHosts));

        var line = Assert.Single(File.ReadAllLines(_knownHosts));
        Assert.StartsWith($"spuff:digitalocean:102@127.0.0.1:{_sshd.Port} ssh-ed25519 AAAA", line);
        var publicKey = File.ReadAllText(Path.Combine(_sshd.Directory, "host_ed25519_key.pub")).Split(' ')[1];
        Assert.EndsWith(publicKey, line);
    }

    [Fact]
    public async Task RunCommand_HostKeyChangedForSameInstance_RefusedAndFileKeepsOldKey()
    {
        var instance = SshdFixture.Instance("103");
        await new SshCommandRunner().RunCommandAsync(instance, "true", _sshd.Access(_knownHosts));
        var before = File.ReadAllText(_knownHosts);

        await _sshd.RekeyAsync();
        var error = await Assert.ThrowsAsync<ProviderException>(() => new SshCommandRunner().RunCommandAsync(instance, "touch /tmp/spuff-should-not-run", _sshd.Access(_knownHosts)));

        Assert.Equal(SshErrors.HostKeyChanged, error.ErrorCode);
        Assert.Contains("has changed", error.Message);
        Assert.Contains(_knownHosts, error.Message);
        Assert.Equal(before, File.ReadAllText(_knownHosts));

        // Another instance at the same address learns the new key; the old instance stays refused until forgotten.
        await new SshCommandRunner().RunCommandAsync(SshdFixture.Instance("104"), "true", _sshd.Access(_knownHosts));
        Assert.Equal(1, new KnownHostsStore(_knownHosts).Forget("digitalocean", "103"));
        var again = await new SshCommandRunner().RunCommandAsync(instance, "echo ok", _sshd.Access(_knownHosts));
        Assert.Equal("ok\n", again.StdOut);
    }

    [Fact]
    public async Task RunCommand_KeyNotAuthorized_SshAuthenticationFailed()
    {
        var stranger = Path.Combine(Path.GetTempPath(), "spuff-stranger-" + Guid.NewGuid().ToString("N"));
        await RunAsync("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", stranger);
        try
        {
            var access = _sshd.Access(_knownHosts);
            access.IdentityFiles = new List<string> { stranger };

            var error = await Assert.ThrowsAsync<ProviderException>(() => new SshCommandRunner().RunCommandAsync(SshdFixture.Instance("105"), "true", access));

            Assert.Equal(ProviderErrorKind.Authentication, error.Kind);
            Assert.Equal(SshErrors.AuthenticationFailed, error.ErrorCode);
            Assert.Contains("'root'", error.Message);
        }
        finally
        {
            File.Delete(stranger);
            File.Delete(stranger + ".pub");
        }
    }

    [Fact]
    public async Task RunCommand_NothingListening_SshConnectionFailed()
    {
        var access = _sshd.Access(_knownHosts);
        access.Port = Support.FreePort.Next();

        var error = await Assert.ThrowsAsync<ProviderException>(() => new SshCommandRunner().RunCommandAsync(SshdFixture.Instance("106"), "true", access));

        Assert.Equal(ProviderErrorKind.Network, error.Kind);
        Assert.Equal(SshErrors.ConnectionFailed, error.ErrorCode);
        Assert.False(File.Exists(_knownHosts));
    }

    [Fact]
    public async Task RunCommand_MissingIdentityFile_InvalidConfigBeforeConnecting()
    {
        var access = _sshd.Access(_knownHosts);
        access.IdentityFiles = new List<string> { "/nonexistent/key" };

        var error = await Assert.ThrowsAsync<ProviderException>(() => new SshCommandRunner().RunCommandAsync(SshdFixture.Instance("107"), "true", access));

        Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
        Assert.Equal("IdentityFile", error.Field);
    }

    [Fact]
    public async Task RunCommand_ManyInParallel_EachGetsItsOwnOutput()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            new SshCommandRunner().RunCommandAsync(SshdFixture.Instance("2" + i), $"echo {i}", _sshd.Access(_knownHosts))));

        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"{i}\n"), results.Select(r => r.StdOut));
        Assert.Equal(6, File.ReadAllLines(_knownHosts).Length);
    }

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
    }
}
