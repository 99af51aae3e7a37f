using System.Net.Http.Headers;
using Spuff.Emulator.Infrastructure;
using Xunit;

namespace Spuff.Emulator.Tests;

/// <summary>
/// Latency is per request: requests in flight at once wait it out side by side, never one after another
/// (which would make a concurrent client look no faster than a sequential one).
/// </summary>
public sealed class LatencyConcurrencyTests
{
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task Latency_FourConcurrentListRequests_OverlapInsteadOfQueueing()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { Latency = Latency });
        server.SeedHetznerServers(10_000);
        using var client = new HttpClient { BaseAddress = server.HetznerEndpoint, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "latency");

        var responses = await Task.WhenAll(Enumerable.Range(1, 4).Select(page =>
            client.GetAsync($"servers?label_selector=managed-by%3Dspuff&per_page=50&page={page}")));
        foreach (var response in responses) response.Dispose();

        // Times come from the emulator's own log: when each request arrived and when its answer was done.
        var log = server.GetRequests();
        Assert.Equal(4, log.Count);
        Assert.All(log, e => Assert.Equal(200, e.Status));
        Assert.All(log, e => Assert.True(e.Finished - e.Started >= Latency - TimeSpan.FromMilliseconds(5), $"{e.Query}: {(e.Finished - e.Started).TotalMilliseconds} ms"));
        var span = log.Max(e => e.Finished) - log.Min(e => e.Started);
        // One after another would need at least 4 × 200 ms from the first arrival to the last answer.
        Assert.True(span < 4 * Latency, $"4 requests took {span.TotalMilliseconds:F0} ms from first arrival to last answer; queued latency would take {(4 * Latency).TotalMilliseconds} ms");
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
