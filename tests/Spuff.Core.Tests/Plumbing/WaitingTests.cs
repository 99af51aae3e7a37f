using Spuff.Core;
using Spuff.Providers.Waiting;
using Xunit;

namespace Spuff.Core.Tests.Plumbing;

public class WaitingTests
{
    private static readonly ProviderTimeouts Fast = new(instanceReady: TimeSpan.FromSeconds(5), pollInterval: TimeSpan.FromMilliseconds(5));

    private static async Task<List<ReadyResult>> Collect(IAsyncEnumerable<ReadyResult> results)
    {
        var list = new List<ReadyResult>();
        await foreach (var result in results)
        {
            list.Add(result);
        }

        return list;
    }

    [Fact]
    public async Task WaitAllReady_ManyInstances_OneListRequestPerPollAndNoPerInstanceGets()
    {
        var provider = new ScriptedProvider();
        for (var i = 1; i <= 5; i++)
        {
            provider.Add("i" + i, i);
        }

        var results = await Collect(ReadinessWaiter.WaitAllReadyAsync(provider, new[] { "i1", "i2", "i3", "i4", "i5" }, Fast));

        Assert.Equal(new[] { "i1", "i2", "i3", "i4", "i5" }, results.Select(r => r.Id));
        Assert.All(results, r => Assert.True(r.Instance!.IsReady));
        Assert.Equal(5, provider.ListCalls);
        Assert.Equal(0, provider.GetCalls);
    }

    [Fact]
    public async Task WaitAllReady_ProviderWithARateBudget_PacesEveryPauseThroughIt()
    {
        var provider = new ScriptedProvider { PaceBy = TimeSpan.FromMilliseconds(40) };
        provider.Add("a", 3);
        provider.Add("b", 3);
        var started = DateTime.UtcNow;

        var results = await Collect(ReadinessWaiter.WaitAllReadyAsync(provider, new[] { "a", "b" }, Fast));

        Assert.Equal(2, results.Count);
        Assert.Equal(2, provider.PacedPauses.Count);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(80));
    }

    [Fact]
    public async Task WaitAllReady_OneNeverReady_OthersReturnAndItTimesOut()
    {
        var provider = new ScriptedProvider();
        provider.Add("fast", 1);
        provider.Add("slow", int.MaxValue);
        var timeouts = new ProviderTimeouts(instanceReady: TimeSpan.FromMilliseconds(150), pollInterval: TimeSpan.FromMilliseconds(10));

        var results = await Collect(ReadinessWaiter.WaitAllReadyAsync(provider, new[] { "fast", "slow" }, timeouts));

        Assert.Equal("fast", results[0].Id);
        Assert.Null(results[0].Error);
        Assert.Equal("slow", results[1].Id);
        Assert.Equal(ProviderErrorKind.Timeout, results[1].Error!.Kind);
        Assert.Equal("slow", results[1].Error!.ResourceId);
        Assert.Contains("last state: new", results[1].Error!.Message);
    }

    [Fact]
    public async Task WaitAllReady_InstanceMissingOrDestroyed_FailsFastForThatOne()
    {
        var provider = new ScriptedProvider();
        provider.Add("ok", 2);
        provider.Add("doomed", 5);
        provider.Destroyed.Add("doomed");

        var results = await Collect(ReadinessWaiter.WaitAllReadyAsync(provider, new[] { "ok", "doomed", "ghost" }, Fast));

        var byId = results.ToDictionary(r => r.Id);
        Assert.Null(byId["ok"].Error);
        Assert.Equal(ProviderErrorKind.NotFound, byId["doomed"].Error!.Kind);
        Assert.Equal(ProviderErrorKind.NotFound, byId["ghost"].Error!.Kind);
        // Failures come out in the first round; the healthy instance is not held up by them.
        Assert.Equal(new[] { "doomed", "ghost", "ok" }, results.Select(r => r.Id));
    }

    [Fact]
    public async Task WaitAllReady_OneIdInvalid_FailsThatOneAndWaitsForTheOthers()
    {
        var provider = new ScriptedProvider();
        provider.Add("ok", 2);
        provider.Invalid.Add("not-an-id");

        var results = await Collect(ReadinessWaiter.WaitAllReadyAsync(provider, new[] { "ok", "not-an-id" }, Fast));

        var byId = results.ToDictionary(r => r.Id);
        Assert.Equal(ProviderErrorKind.InvalidConfig, byId["not-an-id"].Error!.Kind);
        Assert.Null(byId["ok"].Error);
        Assert.True(byId["ok"].Instance!.IsReady);
    }

    [Fact]
    public async Task WaitAllReady_TimerFiresJustBeforeTheDeadline_ListsOnceAtTheDeadlineAndTimesOut()
    {
        var provider = new ScriptedProvider();
        provider.Add("a", int.MaxValue);
        provider.Add("b", int.MaxValue);
        var clock = new EarlyTimerClock(readCost: TimeSpan.FromTicks(1000));
        var timeouts = new ProviderTimeouts(instanceReady: TimeSpan.FromMilliseconds(600), pollInterval: TimeSpan.FromSeconds(1));

        var results = await Collect(ReadinessWaiter.WaitAllReadyAsync(provider, new[] { "a", "b" }, timeouts, null, clock, CancellationToken.None));

        Assert.All(results, r => Assert.Equal(ProviderErrorKind.Timeout, r.Error!.Kind));
        Assert.Equal(2, provider.ListCalls);
    }

    [Fact]
    public async Task WaitAllReady_SingleId_UsesTheProvidersOwnWait()
    {
        var provider = new ScriptedProvider();
        provider.Add("one", 3);

        var results = await Collect(ReadinessWaiter.WaitAllReadyAsync(provider, new[] { "one", "one" }, Fast));

        Assert.Single(results);
        Assert.Equal(0, provider.ListCalls);
        Assert.Equal(3, provider.GetCalls);
    }

    [Fact]
    public async Task WaitAllReady_ReportsProgressAndStopsOnCancel()
    {
        var provider = new ScriptedProvider();
        provider.Add("a", int.MaxValue);
        provider.Add("b", int.MaxValue);
        var progress = new List<OperationProgress>();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Collect(ReadinessWaiter.WaitAllReadyAsync(provider, new[] { "a", "b" }, ProviderTimeouts.Default, new DigitalOcean.SyncProgress<OperationProgress>(progress.Add), cts.Token)));

        Assert.NotEmpty(progress);
        Assert.Equal("0 of 2 done (2 new)", progress[0].Status);
    }

    [Fact]
    public async Task Waiter_BacksOffFromTheInitialIntervalToTheCap()
    {
        var pauses = new List<TimeSpan>();
        var options = new WaitOptions("op", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(40))
        {
            InitialInterval = TimeSpan.FromMilliseconds(5),
            Jitter = 0,
            Pacer = p =>
            {
                pauses.Add(p);
                return p;
            },
        };
        var probes = 0;

        await Waiter.WaitAsync(_ => Task.FromResult(++probes), n => n >= 7 ? WaitDecision.Done() : WaitDecision.Continue("n=" + n), options);

        Assert.Equal(6, pauses.Count);
        Assert.Equal(TimeSpan.FromMilliseconds(5), pauses[0]);
        Assert.True(pauses.Zip(pauses.Skip(1)).All(p => p.Second >= p.First));
        Assert.Equal(TimeSpan.FromMilliseconds(40), pauses[^1]);
    }

    [Fact]
    public async Task Waiter_FailurePredicate_ThrowsAtOnce()
    {
        var options = new WaitOptions("op", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(5));
        var probes = 0;
        var error = await Assert.ThrowsAsync<ProviderException>(() =>
            Waiter.WaitAsync(_ => Task.FromResult(++probes), _ => WaitDecision.Fail(ProviderException.Other("broke")), options));
        Assert.Equal("broke", error.Message);
        Assert.Equal(1, probes);
    }
}
