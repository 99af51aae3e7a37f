using System.Text.Json;
using Spuff.Core.Tests.DigitalOcean;
using Spuff.Core.Tests.Hetzner;
using Spuff.Core.Tests.Support;
using Spuff.Providers.Hetzner;
using Spuff.Providers.Http;
using WireMock.ResponseBuilders;
using Xunit;

namespace Spuff.Core.Tests.Plumbing;

/// <summary>
/// Issue 9 §4: every retry delay the shared chain takes is bounded and true to the provider's rate model.
/// The clock records each delay and lets it pass at once; nothing sleeps.
/// </summary>
public sealed class RetryDelayTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(60);
    private readonly DoStub _do = new();
    private readonly HetznerStub _hetzner = new();
    private readonly RetryDelayClock _clock = new(Start);

    public void Dispose()
    {
        _do.Dispose();
        _hetzner.Dispose();
    }

    private static RetrySettings Retry() => new()
    {
        MaxRetries = 3,
        BaseDelay = TimeSpan.FromMilliseconds(200),
        MaxDelay = TimeSpan.FromSeconds(2),
        MaxRetryAfter = Cap,
    };

    private Spuff.Providers.DigitalOcean.DigitalOceanProvider DigitalOcean() => _do.Provider(s =>
    {
        s.TimeProvider = _clock;
        s.Retry = Retry();
        s.Timeouts = s.Timeouts.WithHttpRequest(RetryDelayClock.NeverFires);
    });

    private HetznerProvider Hetzner()
    {
        var settings = _hetzner.Settings(HetznerStub.FastTimeouts.WithHttpRequest(RetryDelayClock.NeverFires));
        settings.TimeProvider = _clock;
        settings.Retry = Retry();
        return new HetznerProvider(settings);
    }

    private static string Unix(TimeSpan fromStart) => Start.Add(fromStart).ToUnixTimeSeconds().ToString();

    /// <summary>The first answer is <paramref name="first"/>, every later one 200 with <paramref name="ok"/>.</summary>
    private static void FailOnceThen(WireMock.Server.WireMockServer server, WireMock.RequestBuilders.IRequestBuilder path, IResponseBuilder first, object ok)
    {
        server.Given(path).InScenario("once").WillSetStateTo("ok").RespondWith(first);
        server.Given(path).InScenario("once").WhenStateIs("ok").RespondWith(
            Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(ok)));
    }

    [Fact]
    public async Task Get_503WithResetAnHourAhead_BacksOffWithinMaxDelayNotUntilTheReset()
    {
        FailOnceThen(_do.Server, _do.Path("droplets/1"),
            DoStub.Json(503, DoStub.Error("unavailable", "down"), new Dictionary<string, string>
            {
                ["ratelimit-limit"] = "5000", ["ratelimit-remaining"] = "4000", ["ratelimit-reset"] = Unix(TimeSpan.FromHours(1)),
            }),
            new { droplet = DoStub.Droplet(1) });

        Assert.NotNull(await DigitalOcean().GetInstanceAsync("1").WaitAsync(TimeSpan.FromSeconds(20)));

        var delay = Assert.Single(_clock.Delays);
        Assert.InRange(delay, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(2));
        Assert.Equal(2, _do.Requests("/v2/droplets/1").Count);
    }

    [Fact]
    public async Task Get_Hetzner503WithFarReset_BacksOffWithinMaxDelay()
    {
        FailOnceThen(_hetzner.Server, _hetzner.Path("servers/42"),
            Response.Create().WithStatusCode(503).WithHeader("Content-Type", "application/json")
                .WithHeader("RateLimit-Limit", "3600").WithHeader("RateLimit-Remaining", "0").WithHeader("RateLimit-Reset", Unix(TimeSpan.FromHours(1)))
                .WithBody("{\"error\":{\"code\":\"unavailable\",\"message\":\"down\",\"details\":null}}"),
            new { server = HetznerStub.ServerJson(42) });

        Assert.NotNull(await Hetzner().GetInstanceAsync("42").WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.InRange(Assert.Single(_clock.Delays), TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Get_Hetzner429EmptyBucketFarReset_RetriesAfterOneRefillSecond()
    {
        FailOnceThen(_hetzner.Server, _hetzner.Path("servers/42"), Hetzner429(Unix(TimeSpan.FromHours(1))), new { server = HetznerStub.ServerJson(42) });

        Assert.NotNull(await Hetzner().GetInstanceAsync("42").WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.Equal(TimeSpan.FromSeconds(1), Assert.Single(_clock.Delays));
        Assert.Equal(2, _hetzner.Requests("servers/42", "GET").Count);
    }

    [Fact]
    public async Task Get_Hetzner429Persistent_SurfacesARealisticRetryAfter()
    {
        _hetzner.Server.Given(_hetzner.Path("servers/42")).RespondWith(Hetzner429(Unix(TimeSpan.FromHours(1))));

        var error = await Assert.ThrowsAsync<ProviderException>(() => Hetzner().GetInstanceAsync("42").WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.Equal(ProviderErrorKind.RateLimit, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(1), error.RetryAfter);
        Assert.Equal(4, _hetzner.Requests("servers/42", "GET").Count);
        Assert.All(_clock.Delays, d => Assert.Equal(TimeSpan.FromSeconds(1), d));
        Assert.Equal(3, _clock.Delays.Count);
    }

    [Fact]
    public async Task Post_Hetzner429EmptyBucket_IsRetriedBecauseNothingWasDone()
    {
        _hetzner.Json(_hetzner.Path("ssh_keys"), 200, new { ssh_keys = Array.Empty<object>(), meta = HetznerStub.Page(1, null) });
        FailOnceThen(_hetzner.Server, _hetzner.Path("servers", "POST"), Hetzner429(Unix(TimeSpan.FromMinutes(50))),
            new { server = HetznerStub.ServerJson(42), action = new { id = 1, status = "running", command = "create_server" }, next_actions = Array.Empty<object>() });

        var created = await Hetzner().CreateInstanceAsync(new InstanceRequest("web-1")).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal("42", created.Id);
        Assert.Contains(TimeSpan.FromSeconds(1), _clock.Delays);
        Assert.DoesNotContain(_clock.Delays, d => d > Cap);
    }

    [Fact]
    public async Task Get_429RetryAfterBeyondTheCap_IsNotRetriedAndCarriesTheTrueWait()
    {
        _do.Reply(_do.Path("droplets/1"), 429, DoStub.Error("too_many_requests", "hourly"), new Dictionary<string, string> { ["retry-after"] = "3600" });

        var error = await Assert.ThrowsAsync<ProviderException>(() => DigitalOcean().GetInstanceAsync("1").WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.Equal(ProviderErrorKind.RateLimit, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(3600), error.RetryAfter);
        Assert.Empty(_clock.Delays);
        Assert.Single(_do.Requests("/v2/droplets/1"));
    }

    [Fact]
    public async Task Get_429BurstRetryAfterWithBudgetLeft_WaitsExactlyTheRetryAfter()
    {
        FailOnceThen(_do.Server, _do.Path("droplets/1"),
            DoStub.Json(429, DoStub.Error("too_many_requests", "burst"), new Dictionary<string, string>
            {
                ["retry-after"] = "5", ["ratelimit-limit"] = "5000", ["ratelimit-remaining"] = "4200", ["ratelimit-reset"] = Unix(TimeSpan.FromMinutes(40)),
            }),
            new { droplet = DoStub.Droplet(1) });

        Assert.NotNull(await DigitalOcean().GetInstanceAsync("1").WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.Equal(TimeSpan.FromSeconds(5), Assert.Single(_clock.Delays));
    }

    [Fact]
    public async Task Get_DigitalOcean429EmptyWindow_WaitsUntilTheOldestRequestLeavesIt()
    {
        FailOnceThen(_do.Server, _do.Path("droplets/1"),
            DoStub.Json(429, DoStub.Error("too_many_requests", "hourly"), new Dictionary<string, string>
            {
                ["ratelimit-limit"] = "5000", ["ratelimit-remaining"] = "0", ["ratelimit-reset"] = Unix(TimeSpan.FromSeconds(12)),
            }),
            new { droplet = DoStub.Droplet(1) });

        Assert.NotNull(await DigitalOcean().GetInstanceAsync("1").WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.Equal(TimeSpan.FromSeconds(12), Assert.Single(_clock.Delays));
    }

    [Fact]
    public async Task Get_502WithRetryAfter_WaitsTheRetryAfter()
    {
        FailOnceThen(_do.Server, _do.Path("droplets/1"),
            DoStub.Json(502, DoStub.Error("bad_gateway", "proxy"), new Dictionary<string, string> { ["retry-after"] = "3" }),
            new { droplet = DoStub.Droplet(1) });

        Assert.NotNull(await DigitalOcean().GetInstanceAsync("1").WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.Equal(TimeSpan.FromSeconds(3), Assert.Single(_clock.Delays));
    }

    [Fact]
    public async Task Get_502WithRetryAfterBeyondTheCap_WaitsOnlyTheCap()
    {
        FailOnceThen(_do.Server, _do.Path("droplets/1"),
            DoStub.Json(502, DoStub.Error("bad_gateway", "proxy"), new Dictionary<string, string> { ["retry-after"] = "3600" }),
            new { droplet = DoStub.Droplet(1) });

        Assert.NotNull(await DigitalOcean().GetInstanceAsync("1").WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.Equal(Cap, Assert.Single(_clock.Delays));
    }

    [Fact]
    public async Task Get_Persistent503_EveryDelayWithinMaxDelay()
    {
        _do.Reply(_do.Path("droplets/1"), 503, DoStub.Error("unavailable", "down"), new Dictionary<string, string> { ["ratelimit-reset"] = Unix(TimeSpan.FromDays(1)) });

        var error = await Assert.ThrowsAsync<ProviderException>(() => DigitalOcean().GetInstanceAsync("1").WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.Equal(503, error.StatusCode);
        Assert.Equal(3, _clock.Delays.Count);
        Assert.All(_clock.Delays, d => Assert.InRange(d, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(2)));
    }

    [Theory]
    [InlineData(0L, 3600, 1.0)]
    [InlineData(0L, 0, 0.0)]
    [InlineData(5L, 3600, 1.0)]
    public void TokenBucket_NextRequest_IsOneRefillIntervalAtMost(long remaining, int resetInSeconds, double expectedSeconds)
    {
        var model = RateLimitModel.TokenBucket(1);
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), model.NextRequestIn(remaining, Start.AddSeconds(resetInSeconds), Start));
    }

    [Fact]
    public void SlidingWindow_BudgetLeft_SaysNothing()
    {
        Assert.Null(RateLimitModel.SlidingWindow.NextRequestIn(10, Start.AddHours(1), Start));
        Assert.Equal(TimeSpan.FromMinutes(30), RateLimitModel.SlidingWindow.NextRequestIn(0, Start.AddMinutes(30), Start));
    }

    private static IResponseBuilder Hetzner429(string reset) =>
        Response.Create().WithStatusCode(429).WithHeader("Content-Type", "application/json")
            .WithHeader("RateLimit-Limit", "3600").WithHeader("RateLimit-Remaining", "0").WithHeader("RateLimit-Reset", reset)
            .WithBody("{\"error\":{\"code\":\"rate_limit_exceeded\",\"message\":\"limit of 3600 requests per hour reached\",\"details\":null}}");
}
