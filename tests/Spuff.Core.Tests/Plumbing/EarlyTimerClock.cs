namespace Spuff.Core.Tests.Plumbing;

/// <summary>
/// A manual clock whose timers fire 1 ms before they are due (and at once when that is nothing), as Task.Delay can
/// when it rounds to whole milliseconds. Each reading may cost a little time, so a loop that polls without pausing
/// still ends.
/// </summary>
public sealed class EarlyTimerClock : TimeProvider
{
    private readonly long _readCost;
    private long _ticks;

    public EarlyTimerClock(TimeSpan readCost = default) => _readCost = readCost.Ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Add(ref _ticks, _readCost);

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
