using Spuff.Providers.Waiting;
using Xunit;

namespace Spuff.Core.Tests.Waiting;

/// <summary>A wait rides out a few transient failed polls in a row, and says so when they persist.</summary>
public class WaiterToleranceTests
{
    private static WaitOptions Options(int tolerated = WaitOptions.DefaultToleratedFailures) =>
        new("wait for test", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(1)) { ToleratedFailures = tolerated };

    private static Func<CancellationToken, Task<int>> Probe(Queue<Exception?> script, Action? counted = null) => _ =>
    {
        counted?.Invoke();
        var next = script.Count > 0 ? script.Dequeue() : null;
        return next != null ? Task.FromException<int>(next) : Task.FromResult(1);
    };

    [Theory]
    [InlineData(ProviderErrorKind.Api, 500)]
    [InlineData(ProviderErrorKind.Api, 503)]
    [InlineData(ProviderErrorKind.Network, null)]
    [InlineData(ProviderErrorKind.Timeout, null)]
    [InlineData(ProviderErrorKind.RateLimit, 429)]
    public async Task WaitAsync_OneTransientFailureMidWait_Succeeds(ProviderErrorKind kind, int? status)
    {
        var probes = 0;
        var script = new Queue<Exception?>(new Exception?[] { null, new ProviderException(kind, "flaky") { StatusCode = status } });
        var value = await Waiter.WaitAsync(Probe(script, () => probes++), _ => probes >= 3 ? WaitDecision.Done() : WaitDecision.Continue("new"), Options());
        Assert.Equal(1, value);
        Assert.Equal(3, probes);
    }

    [Fact]
    public async Task WaitAsync_ThreeFailuresInARowThenSuccess_Succeeds()
    {
        var script = new Queue<Exception?>(Enumerable.Range(0, 3).Select(_ => (Exception?)ProviderException.Api(500, "boom")));
        Assert.Equal(1, await Waiter.WaitAsync(Probe(script), _ => WaitDecision.Done(), Options()));
    }

    [Fact]
    public async Task WaitAsync_FailuresPersist_FailsAfterTheFourthSayingSo()
    {
        var probes = 0;
        var script = new Queue<Exception?>(Enumerable.Range(0, 10).Select(_ => (Exception?)ProviderException.Api(500, "boom")));

        var error = await Assert.ThrowsAsync<ProviderException>(() => Waiter.WaitAsync(Probe(script, () => probes++), _ => WaitDecision.Done(), Options()));

        Assert.Equal(4, probes);
        Assert.Equal(ProviderErrorKind.Api, error.Kind);
        Assert.Equal(500, error.StatusCode);
        Assert.Contains("4 polls in a row failed", error.Message);
        Assert.Contains("boom", error.Message);
    }

    [Theory]
    [InlineData(ProviderErrorKind.Authentication, 401)]
    [InlineData(ProviderErrorKind.NotFound, 404)]
    [InlineData(ProviderErrorKind.Api, 422)]
    [InlineData(ProviderErrorKind.InvalidConfig, null)]
    public async Task WaitAsync_FailureThatAskingAgainCannotFix_FailsAtOnce(ProviderErrorKind kind, int? status)
    {
        var probes = 0;
        var script = new Queue<Exception?>(new Exception?[] { new ProviderException(kind, "no") { StatusCode = status } });
        var error = await Assert.ThrowsAsync<ProviderException>(() => Waiter.WaitAsync(Probe(script, () => probes++), _ => WaitDecision.Done(), Options()));
        Assert.Equal(kind, error.Kind);
        Assert.Equal(1, probes);
    }

    [Fact]
    public async Task WaitAsync_NothingTolerated_FailsAtTheFirstTransientFailure()
    {
        var probes = 0;
        var script = new Queue<Exception?>(new Exception?[] { ProviderException.Api(500, "boom") });
        await Assert.ThrowsAsync<ProviderException>(() => Waiter.WaitAsync(Probe(script, () => probes++), _ => WaitDecision.Done(), Options(0)));
        Assert.Equal(1, probes);
    }

    [Fact]
    public async Task WaitAsync_Progress_ReportsTheStateAndNoInventedPercent()
    {
        var reports = new List<OperationProgress>();
        var probes = 0;
        await Waiter.WaitAsync(
            _ => Task.FromResult(++probes),
            n => n >= 3 ? WaitDecision.Done("running") : WaitDecision.Continue("initializing"),
            Options(),
            new DigitalOcean.SyncProgress<OperationProgress>(reports.Add));

        Assert.Equal(new[] { "initializing", "initializing", "running" }, reports.Select(r => r.Status));
        Assert.Equal(new int?[] { Waiter.UnknownPercent, Waiter.UnknownPercent, 100 }, reports.Select(r => r.PercentComplete));
    }

    [Fact]
    public void ForReady_And_ForAction_TolerateThreeFailedPolls()
    {
        Assert.Equal(3, WaitOptions.ForReady(ProviderTimeouts.Default, "1").ToleratedFailures);
        Assert.Equal(3, WaitOptions.ForAction(ProviderTimeouts.Default, "snapshot", "1").ToleratedFailures);
        Assert.Equal(0, new WaitOptions("post", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)).ToleratedFailures);
    }
}
