namespace Spuff.Emulator.Infrastructure;

/// <summary>A per-token fixed-window request counter (DigitalOcean: 5,000 an hour). Thread-safe.</summary>
public sealed class TokenRateLimiter
{
    private readonly object _gate = new();
    private readonly Dictionary<string, (DateTimeOffset WindowStart, int Used)> _windows = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    /// <summary>Creates a limiter of <paramref name="limit"/> requests per <paramref name="window"/>.</summary>
    public TokenRateLimiter(int limit, TimeSpan window, TimeProvider time)
    {
        Limit = limit;
        Window = window;
        _time = time;
    }

    /// <summary>Requests allowed per window.</summary>
    public int Limit { get; }

    /// <summary>The window length.</summary>
    public TimeSpan Window { get; }

    /// <summary>Counts one request for a token: whether it is allowed, what remains, and when the window resets.</summary>
    public RateLimitState Acquire(string token)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var (start, used) = Current(token, now);
            if (used >= Limit) return new RateLimitState(false, Limit, 0, start + Window);
            used++;
            _windows[token] = (start, used);
            return new RateLimitState(true, Limit, Limit - used, start + Window);
        }
    }

    /// <summary>The state for a token without counting a request.</summary>
    public RateLimitState Peek(string? token)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (token is null) return new RateLimitState(true, Limit, Limit, now + Window);
            var (start, used) = Current(token, now);
            return new RateLimitState(used < Limit, Limit, Math.Max(0, Limit - used), start + Window);
        }
    }

    /// <summary>Sets how many requests a token has used in its current window (for tests of exhaustion).</summary>
    public void SetUsed(string token, int used)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var (start, _) = Current(token, now);
            _windows[token] = (start, Math.Clamp(used, 0, Limit));
        }
    }

    /// <summary>Forgets every token.</summary>
    public void Reset()
    {
        lock (_gate) _windows.Clear();
    }

    private (DateTimeOffset Start, int Used) Current(string token, DateTimeOffset now)
    {
        if (_windows.TryGetValue(token, out var w) && now < w.WindowStart + Window) return w;
        return (now, 0);
    }
}
