using Spuff.Core;
using Spuff.Providers.Waiting;
using Xunit;

namespace Spuff.Core.Tests.Plumbing;

public class WaiterDeadlineTests
{
    [Fact]
    public async Task WaitAsync_TimerFiresJustBeforeTheDeadline_PollsOnceAtTheDeadlineAndTimesOut()
    {
        // Task.Delay counts whole milliseconds, so a pause cut to the time left can end a fraction of a millisecond
        // early; the waiter must then give up, not poll again and again in the sliver that is left.
        var clock = new EarlyTimerClock();
        var options = new WaitOptions("wait for test", TimeSpan.FromMilliseconds(600), TimeSpan.FromMilliseconds(30))
        {
            TimeProvider = clock,
            Pacer = _ => TimeSpan.FromSeconds(30),
        };
        var probes = 0;

        var error = await Assert.ThrowsAsync<ProviderException>(() => Waiter.WaitAsync(
            _ =>
            {
                probes++;
                clock.Advance(TimeSpan.FromTicks(1000)); // a probe takes a little time
                return Task.FromResult(probes);
            },
            _ => WaitDecision.Continue("busy"),
            options));

        Assert.Equal(ProviderErrorKind.Timeout, error.Kind);
        Assert.Equal(2, probes);
        Assert.True(error.Elapsed >= options.Timeout, $"elapsed {error.Elapsed}");
    }
}
