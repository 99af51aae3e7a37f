using System.Collections.Concurrent;

namespace Spuff.Core.Tests.Support;

/// <summary>
/// A fake clock for the HTTP chain that records every delay the chain asks for and lets it pass at once (the
/// clock moves on by that much), so a test asserts the delay actually taken without sleeping. Timers of
/// <see cref="NeverFires"/> or longer (the per-attempt HTTP timeout, set that long in tests) never fire and are
/// not recorded.
/// </summary>
public sealed class RetryDelayClock : TimeProvider
{
    public static readonly TimeSpan NeverFires = TimeSpan.FromHours(7);
    private readonly object _gate = new();
    private DateTimeOffset _now;

    public RetryDelayClock(DateTimeOffset start) => _now = start;

    public ConcurrentQueue<TimeSpan> Delays { get; } = new();

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan && dueTime < NeverFires)
        {
            Delays.Enqueue(dueTime);
            lock (_gate)
            {
                _now += dueTime;
            }

            ThreadPool.QueueUserWorkItem(_ => callback(state));
        }

        return new Idle();
    }

    private sealed class Idle : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => false;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => default;
    }
}
