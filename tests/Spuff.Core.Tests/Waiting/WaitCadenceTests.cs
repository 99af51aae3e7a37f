using Spuff.Providers.Waiting;
using Xunit;

namespace Spuff.Core.Tests.Waiting;

/// <summary>How often readiness waits poll, on a clock that jumps through their pauses.</summary>
public class WaitCadenceTests
{
    [Fact]
    public async Task WaitOne_PollCostsOneRequest_ReadinessSeenWithinAboutASecondAtAboutARequestASecond()
    {
        var clock = new JumpingClock();
        var provider = new ClockedBatchProvider(clock);
        var start = clock.GetUtcNow();
        provider.ReadyAfter("i1", TimeSpan.FromSeconds(7.3));

        var ready = await ReadinessWaiter.WaitOneAsync(provider, "i1", ProviderTimeouts.Default, null, CancellationToken.None);

        Assert.True(ready.IsReady);
        var seenLate = clock.GetUtcNow() - (start + TimeSpan.FromSeconds(7.3));
        Assert.InRange(seenLate, TimeSpan.Zero, TimeSpan.FromSeconds(1.1));
        // About one request a second: eight polls in 7.3 s (0, ~1, ... ~7, and the one that saw it), never the
        // 1 s -> 5 s backoff of before (which would have seen it up to 5 s late).
        Assert.InRange(provider.Polls, 7, 10);
        Assert.All(clock.Pauses, p => Assert.InRange(p, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(1.1)));
    }

    [Fact]
    public async Task WaitAll_PollCostsThreeRequests_PausesAboutThreeSeconds()
    {
        var clock = new JumpingClock();
        var provider = new ClockedBatchProvider(clock) { RequestsPerPoll = 3 };
        provider.ReadyAfter("a", TimeSpan.FromSeconds(10));
        provider.ReadyAfter("b", TimeSpan.FromSeconds(10));

        await foreach (var result in ReadinessWaiter.WaitAllReadyAsync(provider, new[] { "a", "b" }, ProviderTimeouts.Default, null, clock, CancellationToken.None))
        {
            Assert.Null(result.Error);
        }

        Assert.NotEmpty(clock.Pauses);
        Assert.All(clock.Pauses, p => Assert.InRange(p, TimeSpan.FromSeconds(2.7), TimeSpan.FromSeconds(3.3)));
    }

    [Fact]
    public async Task WaitAll_PollCostsManyRequests_PausesNoLongerThanThePollInterval()
    {
        var clock = new JumpingClock();
        var provider = new ClockedBatchProvider(clock) { RequestsPerPoll = 40 };
        provider.ReadyAfter("a", TimeSpan.FromSeconds(20));
        provider.ReadyAfter("b", TimeSpan.FromSeconds(20));

        await foreach (var result in ReadinessWaiter.WaitAllReadyAsync(provider, new[] { "a", "b" }, ProviderTimeouts.Default, null, clock, CancellationToken.None))
        {
            Assert.Null(result.Error);
        }

        Assert.All(clock.Pauses, p => Assert.InRange(p, TimeSpan.FromSeconds(4.5), TimeSpan.FromSeconds(5.5)));
    }

    [Fact]
    public async Task WaitOne_NotVisibleRightAfterTheCreate_KeepsPollingThenSucceeds()
    {
        var clock = new JumpingClock();
        var provider = new ClockedBatchProvider(clock);
        provider.ReadinessRules.Created.Remember("late", clock.GetUtcNow());
        provider.ReadyAfter("late", TimeSpan.FromSeconds(4));
        provider.HiddenUntil = clock.GetUtcNow() + TimeSpan.FromSeconds(4);

        var ready = await ReadinessWaiter.WaitOneAsync(provider, "late", ProviderTimeouts.Default, null, CancellationToken.None);

        Assert.True(ready.IsReady);
        Assert.InRange(provider.Polls, 4, 7);
    }

    [Fact]
    public async Task WaitOne_NotFoundAfterTheGrace_FailsNotFoundSayingSo()
    {
        var clock = new JumpingClock();
        var provider = new ClockedBatchProvider(clock);
        provider.ReadinessRules.Created.Remember("never", clock.GetUtcNow());

        var error = await Assert.ThrowsAsync<ProviderException>(() => ReadinessWaiter.WaitOneAsync(provider, "never", ProviderTimeouts.Default, null, CancellationToken.None));

        Assert.Equal(ProviderErrorKind.NotFound, error.Kind);
        Assert.Contains("grace", error.Message);
        Assert.Equal("never", error.ResourceId);
        // Gave up once the 60 s grace was over, not at the first 404 and not at the 300 s timeout.
        Assert.InRange(clock.Pauses.Aggregate(TimeSpan.Zero, (a, b) => a + b), TimeSpan.FromSeconds(59), TimeSpan.FromSeconds(62));
    }

    [Fact]
    public async Task WaitOne_PipedInstanceCreatedLongAgo_NotFoundFailsAtOnce()
    {
        var clock = new JumpingClock();
        var provider = new ClockedBatchProvider(clock);
        var old = new ProviderInstance("old", InstanceStatus.New, null, clock.GetUtcNow() - TimeSpan.FromMinutes(10));

        var results = new List<ReadyResult>();
        await foreach (var result in ReadinessWaiter.WaitAllReadyAsync(provider, new[] { new WaitTarget("old", old) }, ProviderTimeouts.Default))
        {
            results.Add(result);
        }

        Assert.Equal(ProviderErrorKind.NotFound, Assert.Single(results).Error!.Kind);
        Assert.Equal(1, provider.Polls);
    }
}
