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

    /// <summary>A manual clock whose timers fire 1 ms before they are due (and at once when that is nothing).</summary>
    private sealed class EarlyTimerClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                var early = dueTime - TimeSpan.FromMilliseconds(1);
                Advance(early > TimeSpan.Zero ? early : TimeSpan.Zero);
                callback(state);
            }

            return new NoTimer();
        }

        private sealed class NoTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => false;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => default;
        }
    }
}
