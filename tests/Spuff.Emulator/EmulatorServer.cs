using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Spuff.Emulator.DigitalOcean;
using Spuff.Emulator.Hetzner;
using Spuff.Emulator.Infrastructure;

namespace Spuff.Emulator;

/// <summary>
/// A stateful local emulator of the provider APIs Spuff talks to, listening on 127.0.0.1 only.
/// DigitalOcean is served under <c>/v2/</c>, Hetzner Cloud under <c>/v1/</c>; control endpoints under <c>/_emulator/</c>.
/// </summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IReadOnlyList<IProviderApi> _providers;
    private readonly EmulatorOptions _options;
    private EmulatorMiddleware? _middleware;
    private int _disposed;

    private EmulatorServer(WebApplication app, IReadOnlyList<IProviderApi> providers, EmulatorOptions options, EmulatorSettings settings,
        FaultInjector faults, RequestLog requests, DigitalOceanApi digitalOcean, HetznerApi hetzner)
    {
        _app = app;
        _providers = providers;
        _options = options;
        Settings = settings;
        Faults = faults;
        Requests = requests;
        DigitalOcean = digitalOcean.State;
        DigitalOceanRateLimiter = digitalOcean.RateLimiter;
        Hetzner = hetzner.State;
        HetznerRateLimiter = hetzner.RateLimiter;
        BaseAddress = new Uri("http://127.0.0.1/");
    }

    /// <summary><c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseAddress { get; private set; }

    /// <summary>The DigitalOcean API root: <c>http://127.0.0.1:PORT/v2/</c>.</summary>
    public Uri DigitalOceanEndpoint => new(BaseAddress, "v2/");

    /// <summary>The Hetzner Cloud API root: <c>http://127.0.0.1:PORT/v1/</c> .</summary>
    public Uri HetznerEndpoint => new(BaseAddress, "v1/");

    /// <summary>The live delays.</summary>
    public EmulatorSettings Settings { get; }

    /// <summary>Injected faults.</summary>
    public FaultInjector Faults { get; }

    /// <summary>Every provider API request answered so far.</summary>
    public RequestLog Requests { get; }

    /// <summary>How many provider requests are waiting out <see cref="EmulatorSettings.Latency"/> right now (on the
    /// emulator's clock, so a fake clock holds them until it moves).</summary>
    public int RequestsInLatency => _middleware?.InLatency ?? 0;

    /// <summary>The DigitalOcean state (droplets, actions, images, snapshots, tags).</summary>
    public DigitalOceanState DigitalOcean { get; }

    /// <summary>The DigitalOcean per-token rate limit (5,000 an hour).</summary>
    public TokenRateLimiter DigitalOceanRateLimiter { get; }

    /// <summary>The Hetzner state (servers, actions, images, SSH keys).</summary>
    public HetznerState Hetzner { get; }

    /// <summary>The Hetzner per-token budget (3,600 an hour, refilled one per second).</summary>
    public HetznerRateLimiter HetznerRateLimiter { get; }

    /// <summary>Starts an emulator on 127.0.0.1 and returns once it accepts connections.</summary>
    public static async Task<EmulatorServer> StartAsync(EmulatorOptions? options = null, CancellationToken ct = default)
    {
        options ??= new EmulatorOptions();
        if (options.Port is < 0 or > 65535) throw new ArgumentOutOfRangeException(nameof(options), "Port must be 0-65535.");
        if (options.SeedHetznerServers < 0 || options.SeedDigitalOceanDroplets < 0) throw new ArgumentOutOfRangeException(nameof(options), "Seed counts must not be negative.");
        var time = options.TimeProvider ?? TimeProvider.System;
        var settings = new EmulatorSettings(options);
        var faults = new FaultInjector();
        var requests = new RequestLog();
        var digitalOcean = new DigitalOceanApi(settings, time);
        var hetzner = new HetznerApi(settings, time);
        var providers = new IProviderApi[] { digitalOcean, hetzner };

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(EmulatorServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        // No appsettings.json, environment variables or command line of the hosting process: nothing may add an
        // endpoint (Kestrel:Endpoints, ASPNETCORE_URLS) beside the one loopback address below.
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, PassiveHostLifetime>();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, options.Port));

        var app = builder.Build();
        var server = new EmulatorServer(app, providers, options, settings, faults, requests, digitalOcean, hetzner);
        server.SeedFromOptions();
        var middleware = new EmulatorMiddleware(providers, settings, faults, requests, time);
        server._middleware = middleware;
        app.Use(middleware.InvokeAsync);
        app.MapEmulatorControl(server);
        foreach (var provider in providers) provider.Map(app);

        try
        {
            await app.StartAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The emulator did not report its address.");
        var port = new Uri(address).Port;
        server.BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        return server;
    }

    /// <summary>Clears every provider's state, the faults and the request log, then reseeds (the catalogs, and the
    /// servers and droplets <see cref="EmulatorOptions"/> asked for).</summary>
    public void Reset()
    {
        Faults.Clear();
        Requests.Clear();
        Settings.PublicAddress = null;
        foreach (var provider in _providers) provider.Reset();
        SeedFromOptions();
    }

    /// <summary>Adds <paramref name="count"/> running Hetzner servers labelled <c>managed-by=spuff</c> plus
    /// <paramref name="labels"/> (named <c>seed-ID</c>); returns how many servers exist now. Takes well under a
    /// second for 50,000.</summary>
    public int SeedHetznerServers(int count, IReadOnlyDictionary<string, string>? labels = null) => Hetzner.SeedServers(count, labels);

    /// <summary>Adds <paramref name="count"/> active DigitalOcean droplets tagged <c>managed-by:spuff</c> plus
    /// <paramref name="tags"/> (named <c>seed-ID</c>); returns how many droplets exist now.</summary>
    public int SeedDigitalOceanDroplets(int count, IReadOnlyList<string>? tags = null) => DigitalOcean.SeedDroplets(count, tags);

    private void SeedFromOptions()
    {
        if (_options.SeedHetznerServers > 0) SeedHetznerServers(_options.SeedHetznerServers);
        if (_options.SeedDigitalOceanDroplets > 0) SeedDigitalOceanDroplets(_options.SeedDigitalOceanDroplets);
    }

    /// <summary>Changes the delays; null leaves one unchanged.</summary>
    public void Configure(TimeSpan? readyDelay = null, TimeSpan? actionDelay = null, TimeSpan? latency = null, TimeSpan? visibilityLag = null)
    {
        if (visibilityLag is { } v) Settings.VisibilityLag = v;
        if (readyDelay is { } r) Settings.ReadyDelay = r;
        if (actionDelay is { } a) Settings.ActionDelay = a;
        if (latency is { } l) Settings.Latency = l;
    }

    /// <summary>Adds a fault (see <see cref="FaultRule"/>).</summary>
    public void AddFault(FaultRule rule) => Faults.Add(rule);

    /// <summary>Removes every pending fault.</summary>
    public void ClearFaults() => Faults.Clear();

    /// <summary>A copy of the request log.</summary>
    public IReadOnlyList<RequestLogEntry> GetRequests() => Requests.Entries;

    /// <summary>The current delays in milliseconds.</summary>
    public EmulatorConfig CurrentConfig() => new(
        (int)Settings.ReadyDelay.TotalMilliseconds,
        (int)Settings.ActionDelay.TotalMilliseconds,
        (int)Settings.Latency.TotalMilliseconds)
    {
        VisibilityLagMs = (int)Settings.VisibilityLag.TotalMilliseconds,
        PublicAddress = Settings.PublicAddress ?? string.Empty,
    };

    /// <summary>Stops listening and releases the server.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(cts.Token).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
