namespace Spuff.Emulator.Infrastructure;

/// <summary>The live, thread-safe delays of a running emulator. Changes apply to objects created afterwards
/// (a droplet keeps the ready time it was given at creation) and to responses from then on.</summary>
public sealed class EmulatorSettings
{
    private long _readyDelayTicks;
    private long _actionDelayTicks;
    private long _latencyTicks;
    private long _visibilityLagTicks;

    internal EmulatorSettings(EmulatorOptions options)
    {
        ReadyDelay = options.ReadyDelay;
        ActionDelay = options.ActionDelay;
        Latency = options.Latency;
        VisibilityLag = options.VisibilityLag;
    }

    /// <summary>droplet new → active.</summary>
    public TimeSpan ReadyDelay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _readyDelayTicks));
        set => Interlocked.Exchange(ref _readyDelayTicks, NonNegative(value).Ticks);
    }

    /// <summary>action in-progress → completed.</summary>
    public TimeSpan ActionDelay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _actionDelayTicks));
        set => Interlocked.Exchange(ref _actionDelayTicks, NonNegative(value).Ticks);
    }

    /// <summary>Added to every provider API response.</summary>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
        set => Interlocked.Exchange(ref _latencyTicks, NonNegative(value).Ticks);
    }

    /// <summary>How long a new droplet or server stays invisible: GET answers 404 and lists (by tag or label too)
    /// leave it out, as eventually consistent provider APIs do right after a create.</summary>
    public TimeSpan VisibilityLag
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _visibilityLagTicks));
        set => Interlocked.Exchange(ref _visibilityLagTicks, NonNegative(value).Ticks);
    }

    private volatile string? _publicAddress;

    /// <summary>The public IPv4 address new droplets and servers get (null: 203.0.113.x, one per instance), so a
    /// real sshd on 127.0.0.1 can stand in for them.</summary>
    public string? PublicAddress
    {
        get => _publicAddress;
        set => _publicAddress = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private static TimeSpan NonNegative(TimeSpan value) => value < TimeSpan.Zero ? TimeSpan.Zero : value;
}
