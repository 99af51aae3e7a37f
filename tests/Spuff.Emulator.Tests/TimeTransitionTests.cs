using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using Spuff.Emulator.Tests.Support;
using Xunit;

namespace Spuff.Emulator.Tests;

/// <summary>Transitions follow the emulator's clock: with a fake clock they happen exactly when time moves.</summary>
public sealed class TimeTransitionTests : EmulatorTestBase
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    protected override EmulatorOptions Options => new()
    {
        ReadyDelay = TimeSpan.FromSeconds(60),
        ActionDelay = TimeSpan.FromSeconds(30),
        TimeProvider = _clock,
    };

    [Fact]
    public async Task Droplet_ClockReachesReadyDelay_BecomesActive()
    {
        var id = await CreateDropletIdAsync("slow");

        _clock.Advance(TimeSpan.FromSeconds(59));
        var before = Server.DigitalOcean.GetDropletStatus(id);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var body = await GetJsonAsync($"droplets/{id}");

        Assert.Equal("new", before);
        Assert.Equal("active", body.GetProperty("droplet").GetProperty("status").GetString());
        Assert.Equal("2026-01-02T03:04:05Z", body.GetProperty("droplet").GetProperty("created_at").GetString());
    }

    [Fact]
    public async Task SnapshotAction_ClockReachesActionDelay_CompletesAtThatTime()
    {
        var id = await CreateDropletIdAsync("src");
        _clock.Advance(TimeSpan.FromSeconds(60));
        using var response = await Client.PostAsJsonAsync($"droplets/{id}/actions", new { type = "snapshot", name = "snap" });
        var actionId = (await ReadJsonAsync(response)).GetProperty("action").GetProperty("id").GetInt64();

        _clock.Advance(TimeSpan.FromSeconds(29));
        var running = await GetJsonAsync($"actions/{actionId}");
        _clock.Advance(TimeSpan.FromSeconds(100));
        var done = await GetJsonAsync($"actions/{actionId}");

        Assert.Equal("in-progress", running.GetProperty("action").GetProperty("status").GetString());
        Assert.Equal("completed", done.GetProperty("action").GetProperty("status").GetString());
        Assert.Equal("2026-01-02T03:05:35Z", done.GetProperty("action").GetProperty("completed_at").GetString());
        var snapshot = Assert.Single((await GetJsonAsync("snapshots")).GetProperty("snapshots").EnumerateArray().ToArray());
        Assert.Equal("2026-01-02T03:05:35Z", snapshot.GetProperty("created_at").GetString());
    }

    [Fact]
    public async Task RateLimit_WindowPassed_ResetsRemaining()
    {
        using var first = await Client.GetAsync("regions");
        _clock.Advance(TimeSpan.FromHours(1));
        using var second = await Client.GetAsync("regions");

        Assert.Equal("4999", Assert.Single(second.Headers.GetValues("ratelimit-remaining")));
        var reset = long.Parse(Assert.Single(second.Headers.GetValues("ratelimit-reset")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(_clock.GetUtcNow().AddHours(1).ToUnixTimeSeconds(), reset);
    }
}
