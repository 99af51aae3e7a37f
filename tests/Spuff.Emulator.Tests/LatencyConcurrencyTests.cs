using System.Net.Http.Headers;
using Microsoft.Extensions.Time.Testing;
using Spuff.Emulator.Infrastructure;
using Xunit;

namespace Spuff.Emulator.Tests;

/// <summary>
/// Latency is per request: requests in flight at once wait it out side by side, never one after another
/// (which would make a concurrent client look no faster than a sequential one). Proved on a fake clock.
/// </summary>
public sealed class LatencyConcurrencyTests
{
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task Latency_FourConcurrentListRequests_WaitSideBySideOnTheEmulatorClock()
    {
        // The latency runs on the emulator's clock: with a fake one, requests wait until the test moves it. All
        // four must be waiting at once, and one 200 ms step must answer all four. Queued latency (a lock around the
        // delay) would hold three of them back, and they would need four steps: 800 ms.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { Latency = Latency, TimeProvider = clock });
        server.SeedHetznerServers(10_000);
        using var client = new HttpClient { BaseAddress = server.HetznerEndpoint, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "latency");

        var requests = Enumerable.Range(1, 4)
            .Select(page => client.GetAsync($"servers?label_selector=managed-by%3Dspuff&per_page=50&page={page}"))
            .ToArray();
        var waiting = await WaitForAsync(() => server.RequestsInLatency == 4);
        clock.Advance(Latency);
        var answered = await WaitForAsync(() => requests.All(r => r.IsCompleted));

        Assert.True(waiting, $"only {server.RequestsInLatency} of 4 concurrent requests were waiting out their latency at once");
        Assert.True(answered, $"one {Latency.TotalMilliseconds} ms step answered {requests.Count(r => r.IsCompleted)} of 4 requests: the latency was queued");
        var responses = await Task.WhenAll(requests);
        Assert.All(responses, r => Assert.Equal(System.Net.HttpStatusCode.OK, r.StatusCode));
        foreach (var response in responses) response.Dispose();
        Assert.Equal(4, server.GetRequests().Count);
        Assert.Equal(0, server.RequestsInLatency);
    }

    [Fact]
    public async Task Latency_OneRequest_IsHeldUntilTheEmulatorClockMoves()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { Latency = Latency, TimeProvider = clock });
        using var client = new HttpClient { BaseAddress = server.HetznerEndpoint, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "latency");

        var request = client.GetAsync("servers");
        var waiting = await WaitForAsync(() => server.RequestsInLatency == 1);
        clock.Advance(Latency - TimeSpan.FromMilliseconds(1));
        await Task.Delay(50);
        var answeredEarly = request.IsCompleted;
        clock.Advance(TimeSpan.FromMilliseconds(1));
        using var response = await request;

        Assert.True(waiting);
        Assert.False(answeredEarly);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    // Polls a condition of the running emulator (a guard against hanging, not a timing assertion).
    private static async Task<bool> WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(10);
        }

        return true;
    }

    [Fact]
    public async Task RequestLog_Entry_CarriesArrivalAndAnswerTimes()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { Latency = TimeSpan.FromMilliseconds(20) });
        using var client = new HttpClient { BaseAddress = server.HetznerEndpoint };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "t");
        var before = DateTimeOffset.UtcNow;

        using var response = await client.GetAsync("servers");
        var after = DateTimeOffset.UtcNow;

        RequestLogEntry entry = Assert.Single(server.GetRequests());
        Assert.InRange(entry.Started, before, entry.Finished);
        Assert.InRange(entry.Finished, entry.Started + TimeSpan.FromMilliseconds(15), after);
    }
}
