using Spuff.Providers.Ssh;
using Xunit;

namespace Spuff.Core.Tests.Docker;

/// <summary>Invoke-SpuffCommand's and -UntilCloudInit's Docker side (the engine's exec API) and expiry labels, on a real engine.</summary>
[Collection(DockerCollection.Name)]
public sealed class DockerCommandTests
{
    private static readonly ProviderTimeouts Fast = new(pollInterval: TimeSpan.FromMilliseconds(100), sshConnect: TimeSpan.FromSeconds(10), cloudInit: TimeSpan.FromSeconds(20));
    private readonly DockerEngineFixture _engine;

    public DockerCommandTests(DockerEngineFixture engine)
    {
        _engine = engine;
    }

    private static string UniqueName() => $"dc-{Guid.NewGuid().ToString("N")[..8]}";

    [Fact]
    public async Task RunCommand_InContainer_RealOutputAndExitCode()
    {
        using var provider = _engine.CreateProvider();
        var created = await provider.CreateInstanceAsync(_engine.Request(UniqueName()));
        try
        {
            var result = await provider.RunCommandAsync(created, "echo hello; echo oops >&2; hostname; exit 3", new RemoteAccess());

            Assert.Equal(3, result.ExitCode);
            Assert.Equal("hello\n" + created.Name + "\n", result.StdOut);
            Assert.Equal("oops\n", result.StdErr);
            Assert.Equal(created.Id, result.InstanceId);
            Assert.True(result.Duration > TimeSpan.Zero);

            var whoami = await provider.RunCommandAsync(created, "id -u", new RemoteAccess { User = "65534" });
            Assert.Equal("65534\n", whoami.StdOut);
        }
        finally
        {
            await provider.DestroyInstanceAsync(created.Id);
        }
    }

    [Fact]
    public async Task RunCommand_StoppedContainer_InvalidConfigSayingNotRunning()
    {
        using var provider = _engine.CreateProvider();
        var created = await provider.CreateInstanceAsync(_engine.Request(UniqueName()));
        try
        {
            await _engine.DockerOkAsync("stop", "-t", "1", created.Id);

            var error = await Assert.ThrowsAsync<ProviderException>(() => provider.RunCommandAsync(created, "true", new RemoteAccess()));

            Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
            Assert.Contains("not running", error.Message);
        }
        finally
        {
            await provider.DestroyInstanceAsync(created.Id);
        }
    }

    [Fact]
    public async Task RunCommand_RemovedContainer_NotFound()
    {
        using var provider = _engine.CreateProvider();
        var created = await provider.CreateInstanceAsync(_engine.Request(UniqueName()));
        await provider.DestroyInstanceAsync(created.Id);

        var error = await Assert.ThrowsAsync<ProviderException>(() => provider.RunCommandAsync(created, "true", new RemoteAccess()));

        Assert.Equal(ProviderErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task TimeToLive_Label_RoundTripsThroughEngineLabels()
    {
        using var provider = _engine.CreateProvider();
        var expires = DateTimeOffset.UtcNow.AddHours(4);
        var created = await provider.CreateInstanceAsync(_engine.Request(UniqueName()).WithLabel(Expiry.Label, Expiry.Format(expires)));
        try
        {
            Assert.Equal(Expiry.Format(expires), await _engine.DockerOkAsync("inspect", "--format", "{{ index .Config.Labels \"spuff-expires\" }}", created.Id));
            var listed = Assert.Single(await ListAsync(provider), i => i.Id == created.Id);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(long.Parse(Expiry.Format(expires))), listed.ExpiresAt);
            Assert.False(listed.IsExpiredAt(DateTimeOffset.UtcNow));
        }
        finally
        {
            await provider.DestroyInstanceAsync(created.Id);
        }
    }

    [Fact]
    public async Task CloudInit_UserDataScript_WaitsUntilItHasRun()
    {
        using var provider = _engine.CreateProvider();
        var request = _engine.Request(UniqueName()).WithUserData("#!/bin/sh\nsleep 1\necho provisioned > /provisioned\n");
        var created = await provider.CreateInstanceAsync(request);
        try
        {
            await CloudInitWaiter.WaitAsync(provider, created, new RemoteAccess(), Fast, null, null, CancellationToken.None);

            var check = await provider.RunCommandAsync(created, "cat /provisioned", new RemoteAccess());
            Assert.Equal("provisioned\n", check.StdOut);
        }
        finally
        {
            await provider.DestroyInstanceAsync(created.Id);
        }
    }

    [Fact]
    public async Task CloudInit_UserDataScriptFails_CloudInitFailedWithLogTail()
    {
        using var provider = _engine.CreateProvider();
        var request = _engine.Request(UniqueName()).WithUserData("#!/bin/sh\necho installing things\necho no space left >&2\nexit 4\n");
        var created = await provider.CreateInstanceAsync(request);
        try
        {
            var error = await Assert.ThrowsAsync<ProviderException>(() => CloudInitWaiter.WaitAsync(provider, created, new RemoteAccess(), Fast, null, null, CancellationToken.None));

            Assert.Equal(CloudInitWaiter.FailedCode, error.ErrorCode);
            Assert.Contains("last 25 lines of /var/log/spuff-user-data.log", error.Message);
            Assert.Contains("no space left", error.Message);
        }
        finally
        {
            await provider.DestroyInstanceAsync(created.Id);
        }
    }

    [Fact]
    public async Task CloudInit_NoUserData_DoneAtOnceWithWarning()
    {
        var log = new Support.CapturingLog();
        using var provider = _engine.CreateProvider(log);
        var created = await provider.CreateInstanceAsync(_engine.Request(UniqueName()));
        try
        {
            var ready = await CloudInitWaiter.WaitAsync(provider, created, new RemoteAccess(), Fast, null, log, CancellationToken.None);

            Assert.Same(created, ready);
            Assert.Contains("nothing to wait for", log.All);
        }
        finally
        {
            await provider.DestroyInstanceAsync(created.Id);
        }
    }

    private static async Task<List<ProviderInstance>> ListAsync(IProvider provider)
    {
        var all = new List<ProviderInstance>();
        await foreach (var instance in provider.ListInstancesAsync())
        {
            all.Add(instance);
        }

        return all;
    }
}
