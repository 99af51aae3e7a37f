using Amazon.EC2.Model;
using Spuff.Providers.Aws;
using Spuff.Providers.Waiting;
using Xunit;

namespace Spuff.Core.Tests.Aws;

/// <summary>The shared wait rules on EC2 (moto): states that cannot become ready end the wait, batches are one
/// DescribeInstances per poll, and an id not visible after the grace is gone.</summary>
[Collection(MotoCollection.Name)]
public sealed class AwsWaitTests : IAsyncLifetime
{
    private readonly MotoFixture _moto;
    private AwsProvider _provider = null!;

    public AwsWaitTests(MotoFixture moto)
    {
        _moto = moto;
    }

    public async Task InitializeAsync()
    {
        await _moto.PrepareAsync();
        _provider = _moto.CreateProvider();
    }

    public Task DisposeAsync()
    {
        _provider.Dispose();
        return Task.CompletedTask;
    }

    private static string UniqueName() => "wait-" + Guid.NewGuid().ToString("N")[..8];

    private async Task StopAsync(string id)
    {
        using var ec2 = _moto.Ec2();
        await ec2.StopInstancesAsync(new StopInstancesRequest { InstanceIds = new List<string> { id } });
    }

    [Fact]
    public async Task WaitReady_StoppedInstance_FailsAtOnceSayingHowToStartIt()
    {
        var created = await _provider.CreateInstanceAsync(new InstanceRequest(UniqueName()));
        await StopAsync(created.Id);

        var error = await Assert.ThrowsAsync<ProviderException>(() => _provider.WaitReadyAsync(created.Id));

        Assert.NotEqual(ProviderErrorKind.Timeout, error.Kind);
        Assert.Contains(error.ErrorCode, new[] { "stopped", "stopping" });
        Assert.Contains("will not become ready by itself", error.Message);
        Assert.Contains("aws ec2 start-instances --instance-ids " + created.Id, error.Message);
        Assert.Equal(created.Id, error.ResourceId);
        Assert.Equal("aws", error.Provider);
    }

    [Fact]
    public async Task WaitReady_ReRunReturnsAStoppedInstance_FreshProviderFailsAtOnce()
    {
        var created = await _provider.CreateInstanceAsync(new InstanceRequest(UniqueName()));
        await StopAsync(created.Id);
        using var fresh = _moto.CreateProvider();

        var error = await Assert.ThrowsAsync<ProviderException>(() => fresh.WaitReadyAsync(created.Id));

        Assert.Contains("will not become ready by itself", error.Message);
    }

    [Fact]
    public async Task WaitReady_TerminatedInstance_FailsAtOnce()
    {
        var created = await _provider.CreateInstanceAsync(new InstanceRequest(UniqueName()));
        await _provider.DestroyInstanceAsync(created.Id);

        var error = await Assert.ThrowsAsync<ProviderException>(() => _provider.WaitReadyAsync(created.Id));

        Assert.Equal(ProviderErrorKind.NotFound, error.Kind);
        Assert.Contains("will never be ready", error.Message);
    }

    [Fact]
    public async Task WaitAllReady_StoppedAmongRunning_StoppedFailsAloneAndTheOthersAreReady()
    {
        var running = await _provider.CreateInstanceAsync(new InstanceRequest(UniqueName()));
        var stopped = await _provider.CreateInstanceAsync(new InstanceRequest(UniqueName()));
        var other = await _provider.CreateInstanceAsync(new InstanceRequest(UniqueName()));
        await StopAsync(stopped.Id);
        using var fresh = _moto.CreateProvider();

        var results = new Dictionary<string, ReadyResult>();
        await foreach (var result in ReadinessWaiter.WaitAllReadyAsync(fresh, new[] { running.Id, stopped.Id, other.Id }, _moto.Options().Timeouts!))
        {
            results[result.Id] = result;
        }

        Assert.Null(results[running.Id].Error);
        Assert.Null(results[other.Id].Error);
        Assert.Contains("will not become ready by itself", results[stopped.Id].Error!.Message);
    }

    [Fact]
    public async Task WaitAllReady_FreshIdNeverVisible_WaitsOutTheGraceThenFailsNotFound()
    {
        var running = await _provider.CreateInstanceAsync(new InstanceRequest(UniqueName()));
        using var fresh = _moto.CreateProvider();
        fresh.ReadinessRules.Grace = TimeSpan.FromMilliseconds(300);
        var ghost = new ProviderInstance("i-0123456789abcdef0", InstanceStatus.New, null, DateTimeOffset.UtcNow) { Provider = "aws" };

        var results = new Dictionary<string, ReadyResult>();
        await foreach (var result in ReadinessWaiter.WaitAllReadyAsync(fresh, new[] { new WaitTarget(running.Id, running), new WaitTarget(ghost.Id, ghost) }, _moto.Options().Timeouts!))
        {
            results[result.Id] = result;
        }

        Assert.Null(results[running.Id].Error);
        Assert.Equal(ProviderErrorKind.NotFound, results[ghost.Id].Error!.Kind);
        Assert.Contains("grace", results[ghost.Id].Error!.Message);
    }
}
