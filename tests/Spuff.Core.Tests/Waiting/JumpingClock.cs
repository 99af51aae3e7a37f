using Microsoft.Extensions.Time.Testing;

namespace Spuff.Core.Tests.Waiting;

/// <summary>
/// A FakeTimeProvider whose timers fire at once by moving the clock to their due time: a wait runs through its
/// pauses without sleeping, and the clock then says exactly when each poll happened.
/// </summary>
public sealed class JumpingClock : FakeTimeProvider
{
    public JumpingClock()
        : base(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    public List<TimeSpan> Pauses { get; } = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            lock (Pauses) Pauses.Add(dueTime);
            Advance(dueTime > TimeSpan.Zero ? dueTime : TimeSpan.Zero);
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
