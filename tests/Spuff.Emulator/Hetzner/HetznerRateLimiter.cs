namespace Spuff.Emulator.Hetzner;

/// <summary>
/// Hetzner's budget per token: 3,600 requests an hour, refilled one per second (a token bucket), reported in
/// <c>RateLimit-Limit</c>, <c>RateLimit-Remaining</c> and <c>RateLimit-Reset</c> (Unix time of full recovery).
/// </summary>
public sealed class HetznerRateLimiter
{
    public const int HourlyLimit = 3600;

    private readonly object _gate = new();
    private readonly Dictionary<string, (double Tokens, DateTimeOffset At)> _buckets = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    internal HetznerRateLimiter(TimeProvider time)
    {
        _time = time;
    }

    public int Limit => HourlyLimit;

    /// <summary>Counts one request: whether it may pass, what is left, and when the bucket is full again.</summary>
    public (bool Allowed, int Remaining, DateTimeOffset Reset) Acquire(string token)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var tokens = Refill(token, now);
            var allowed = tokens >= 1;
            if (allowed) tokens -= 1;
            _buckets[token] = (tokens, now);
            return (allowed, (int)Math.Floor(tokens), now + TimeSpan.FromSeconds(Math.Ceiling(HourlyLimit - tokens)));
        }
    }

    /// <summary>Sets what a token has left (for tests of a low or exhausted budget).</summary>
    public void SetRemaining(string token, int remaining)
    {
        lock (_gate) _buckets[token] = (Math.Clamp(remaining, 0, HourlyLimit), _time.GetUtcNow());
    }

    public void Reset()
    {
        lock (_gate) _buckets.Clear();
    }

    private double Refill(string token, DateTimeOffset now)
    {
        if (!_buckets.TryGetValue(token, out var bucket)) return HourlyLimit;
        var refilled = bucket.Tokens + Math.Max(0, (now - bucket.At).TotalSeconds);
        return Math.Min(HourlyLimit, refilled);
    }
}
