namespace Spuff.Emulator;

/// <summary>How an <see cref="EmulatorServer"/> starts. Every delay can be changed later through
/// <see cref="EmulatorServer.Configure"/> or <c>POST /_emulator/config</c>.</summary>
public sealed class EmulatorOptions
{
    /// <summary>How long a new droplet stays <c>new</c> before it becomes <c>active</c> (default 2 s).</summary>
    public TimeSpan ReadyDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long an action (a snapshot) stays <c>in-progress</c> before it completes (default 2 s).</summary>
    public TimeSpan ActionDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Added to every provider API response (default zero), on <see cref="TimeProvider"/>'s clock. Control
    /// endpoints are never delayed.</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.Zero;

    /// <summary>How long a new droplet or server answers 404 on GET and is missing from lists (default zero):
    /// the eventual consistency DigitalOcean and Hetzner show right after a create.</summary>
    public TimeSpan VisibilityLag { get; set; } = TimeSpan.Zero;

    /// <summary>The port on 127.0.0.1 to listen on; 0 (the default) takes a free one.</summary>
    public int Port { get; set; }

    /// <summary>Running Hetzner servers labelled <c>managed-by=spuff</c> to start with, and again after every reset
    /// (default 0). See <see cref="EmulatorServer.SeedHetznerServers"/>.</summary>
    public int SeedHetznerServers { get; set; }

    /// <summary>Active DigitalOcean droplets tagged <c>managed-by:spuff</c> to start with, and again after every
    /// reset (default 0). See <see cref="EmulatorServer.SeedDigitalOceanDroplets"/>.</summary>
    public int SeedDigitalOceanDroplets { get; set; }

    /// <summary>The clock behind every time-based transition; <see cref="System.TimeProvider.System"/> when null.</summary>
    public TimeProvider? TimeProvider { get; set; }
}
