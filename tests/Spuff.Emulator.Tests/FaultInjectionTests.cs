using System.Diagnostics;
using System.Net;
using Spuff.Emulator.Infrastructure;
using Spuff.Emulator.Tests.Support;
using Xunit;

namespace Spuff.Emulator.Tests;

public sealed class FaultInjectionTests : EmulatorTestBase
{
    [Fact]
    public async Task Fault429_WithRetryAfter_AnswersOnceThenSucceeds()
    {
        Server.AddFault(new FaultRule { Method = "GET", PathPrefix = "/v2/droplets", Status = 429, RetryAfterSeconds = 3, Count = 1 });

        using var limited = await Client.GetAsync("droplets");
        using var ok = await Client.GetAsync("droplets");

        await AssertErrorAsync(limited, 429, "too_many_requests");
        Assert.Equal(TimeSpan.FromSeconds(3), limited.Headers.RetryAfter?.Delta);
        Assert.True(limited.Headers.Contains("ratelimit-remaining"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Fault503_CountTwo_AnswersTwiceWithServerError()
    {
        Server.AddFault(new FaultRule { PathPrefix = "/v2/regions", Status = 503, Count = 2 });

        using var first = await Client.GetAsync("regions");
        using var second = await Client.GetAsync("regions");
        using var third = await Client.GetAsync("regions");

        await AssertErrorAsync(first, 503, "server_error");
        await AssertErrorAsync(second, 503, "server_error");
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Fact]
    public async Task Fault_OtherMethod_DoesNotMatch()
    {
        Server.AddFault(new FaultRule { Method = "POST", PathPrefix = "/v2/droplets", Status = 500 });

        using var get = await Client.GetAsync("droplets");

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Single(Server.Faults.Pending);
    }

    [Fact]
    public async Task FaultDropConnection_NextRequest_FailsWithoutResponse()
    {
        Server.AddFault(new FaultRule { PathPrefix = "/v2/sizes", DropConnection = true });

        await Assert.ThrowsAsync<HttpRequestException>(() => Client.GetAsync("sizes"));
        using var ok = await Client.GetAsync("sizes");

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(new[] { 0, 200 }, Server.GetRequests().Select(r => r.Status));
    }

    [Fact]
    public async Task FaultDropConnection_OnReusedConnection_ClientSeesFailure()
    {
        using var warm = await Client.GetAsync("regions");
        Server.AddFault(new FaultRule { PathPrefix = "/v2/sizes", DropConnection = true });

        await Assert.ThrowsAsync<HttpRequestException>(() => Client.GetAsync("sizes"));
        Assert.Empty(Server.Faults.Pending);
    }

    [Fact]
    public async Task FaultDelay_WithoutStatus_DelaysThenServesNormally()
    {
        Server.AddFault(new FaultRule { PathPrefix = "/v2/regions", DelayMs = 300 });

        var watch = Stopwatch.StartNew();
        using var response = await Client.GetAsync("regions");
        watch.Stop();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(280), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task FaultDelay_LongerThanClientTimeout_TimesOutTheClient()
    {
        Server.AddFault(new FaultRule { PathPrefix = "/v2/regions", DelayMs = 2000 });
        using var impatient = CreateClient(Server, "test-token");
        impatient.Timeout = TimeSpan.FromMilliseconds(200);

        await Assert.ThrowsAsync<TaskCanceledException>(() => impatient.GetAsync("regions"));
    }

    [Fact]
    public async Task Latency_Configured_DelaysEveryProviderResponse()
    {
        Server.Configure(latency: TimeSpan.FromMilliseconds(200));

        var watch = Stopwatch.StartNew();
        using var response = await Client.GetAsync("regions");
        watch.Stop();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(180), $"took {watch.Elapsed}");
    }

    [Fact]
    public void AddFault_InvalidRule_Throws()
    {
        Assert.Throws<ArgumentException>(() => Server.AddFault(new FaultRule { PathPrefix = "v2", Status = 500 }));
        Assert.Throws<ArgumentException>(() => Server.AddFault(new FaultRule { PathPrefix = "/v2", Count = 0 }));
    }
}
