using System.Net;
using Microsoft.Extensions.Time.Testing;
using Spuff.Core;
using Spuff.Core.Tests.Support;
using Spuff.Providers.DigitalOcean;
using Xunit;

namespace Spuff.Core.Tests.DigitalOcean;

public class DigitalOceanErrorTests : IDisposable
{
    private readonly DoStub _stub = new();

    public void Dispose() => _stub.Dispose();

    [Theory]
    [InlineData(401, "unauthorized", ProviderErrorKind.Authentication)]
    [InlineData(403, "forbidden", ProviderErrorKind.Authentication)]
    [InlineData(403, "droplet_limit_exceeded", ProviderErrorKind.QuotaExceeded)]
    [InlineData(422, "unprocessable_entity", ProviderErrorKind.InvalidConfig)]
    [InlineData(422, "droplet_limit_exceeded", ProviderErrorKind.QuotaExceeded)]
    [InlineData(500, "server_error", ProviderErrorKind.Api)]
    [InlineData(409, "conflict", ProviderErrorKind.Api)]
    public async Task AnyCall_ErrorStatus_MapsToKindWithCodeAndRequestId(int status, string code, ProviderErrorKind kind)
    {
        _stub.Reply(_stub.Path("droplets"), status, DoStub.Error(code, "Size is not available in this region."));

        var error = await Assert.ThrowsAsync<ProviderException>(async () =>
        {
            await foreach (var unused in _stub.Provider().ListInstancesAsync())
            {
            }
        });

        Assert.Equal(kind, error.Kind);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal(code, error.ErrorCode);
        Assert.Equal("body-req-" + code, error.RequestId);
        Assert.Equal("digitalocean", error.Provider);
        Assert.Contains(code, error.Message);
        Assert.Contains("body-req-" + code, error.Message);
        Assert.DoesNotContain(DoStub.Token, error.Message);
    }

    [Fact]
    public async Task CreateInstance_422_NamesTheFieldDigitalOceanBlames()
    {
        _stub.SshKeys(1);
        _stub.Reply(_stub.Path("droplets", "POST"), 422, DoStub.Error("unprocessable_entity", "Size is not available in this region."));

        var error = await Assert.ThrowsAsync<ProviderException>(() => _stub.Provider().CreateInstanceAsync(new InstanceRequest("dev", "nyc3", "huge")));

        Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
        Assert.Equal("Size", error.Field);
    }

    [Fact]
    public async Task Authentication_Rejected_MessageSaysHowToFix()
    {
        _stub.Reply(_stub.Path("droplets/1"), 401, DoStub.Error("unauthorized", "Unable to authenticate you."));
        var error = await Assert.ThrowsAsync<ProviderException>(() => _stub.Provider().GetInstanceAsync("1"));
        Assert.Contains("DIGITALOCEAN_TOKEN", error.Message);
        Assert.False(error.IsRetryable);
    }

    [Fact]
    public async Task Get_503ThenSuccess_IsRetriedBecauseGetIsIdempotent()
    {
        var path = _stub.Path("droplets/1");
        _stub.Server.Given(path).InScenario("flaky").WillSetStateTo("second").RespondWith(DoStub.Json(503, DoStub.Error("unavailable", "x")));
        _stub.Server.Given(path).InScenario("flaky").WhenStateIs("second").WillSetStateTo("ok").RespondWith(DoStub.Json(502, DoStub.Error("bad_gateway", "x")));
        _stub.Server.Given(path).InScenario("flaky").WhenStateIs("ok").RespondWith(DoStub.Json(200, new { droplet = DoStub.Droplet(1) }));

        var instance = await _stub.Provider().GetInstanceAsync("1");

        Assert.NotNull(instance);
        Assert.Equal(3, _stub.Requests("/v2/droplets/1").Count);
        Assert.Contains("retry", _stub.Log.All);
    }

    [Fact]
    public async Task Get_429ThenSuccess_WaitsExactlyTheRetryAfter()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var path = _stub.Path("droplets/1");
        _stub.Server.Given(path).InScenario("limit").WillSetStateTo("ok")
            .RespondWith(DoStub.Json(429, DoStub.Error("too_many_requests", "slow down"), new Dictionary<string, string> { ["retry-after"] = "7" }));
        _stub.Server.Given(path).InScenario("limit").WhenStateIs("ok").RespondWith(DoStub.Json(200, new { droplet = DoStub.Droplet(1) }));
        var provider = _stub.Provider(s => s.TimeProvider = time);

        var call = provider.GetInstanceAsync("1");
        await Eventually(() => _stub.Requests("/v2/droplets/1").Count == 1);
        time.Advance(TimeSpan.FromSeconds(6.9));
        await Task.Delay(100);
        Assert.Single(_stub.Requests("/v2/droplets/1"));
        time.Advance(TimeSpan.FromMilliseconds(200));
        var instance = await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.NotNull(instance);
        Assert.Equal(2, _stub.Requests("/v2/droplets/1").Count);
    }

    [Fact]
    public async Task Get_429WithRateLimitReset_WaitsUntilTheReset()
    {
        var now = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
        var time = new FakeTimeProvider(now);
        var path = _stub.Path("droplets/1");
        _stub.Server.Given(path).InScenario("reset").WillSetStateTo("ok")
            .RespondWith(DoStub.Json(429, DoStub.Error("too_many_requests", "slow down"), new Dictionary<string, string>
            {
                ["ratelimit-limit"] = "5000",
                ["ratelimit-remaining"] = "0",
                ["ratelimit-reset"] = now.AddSeconds(12).ToUnixTimeSeconds().ToString(),
            }));
        _stub.Server.Given(path).InScenario("reset").WhenStateIs("ok").RespondWith(DoStub.Json(200, new { droplet = DoStub.Droplet(1) }));
        var provider = _stub.Provider(s => s.TimeProvider = time);

        var call = provider.GetInstanceAsync("1");
        await Eventually(() => _stub.Requests("/v2/droplets/1").Count == 1);
        time.Advance(TimeSpan.FromSeconds(11));
        await Task.Delay(100);
        Assert.Single(_stub.Requests("/v2/droplets/1"));
        time.Advance(TimeSpan.FromSeconds(1.5));
        Assert.NotNull(await call.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Get_429Persistent_GivesRateLimitErrorWithRetryAfter()
    {
        _stub.Reply(_stub.Path("droplets/1"), 429, DoStub.Error("too_many_requests", "slow down"), new Dictionary<string, string> { ["retry-after"] = "0" });

        var error = await Assert.ThrowsAsync<ProviderException>(() => _stub.Provider().GetInstanceAsync("1"));

        Assert.Equal(ProviderErrorKind.RateLimit, error.Kind);
        Assert.Equal(TimeSpan.Zero, error.RetryAfter);
        Assert.True(error.IsRetryable);
        Assert.Equal(4, _stub.Requests("/v2/droplets/1").Count);
    }

    [Fact]
    public async Task Get_RetryAfterBeyondTheCap_FailsAtOnceWithRateLimit()
    {
        _stub.Reply(_stub.Path("droplets/1"), 429, DoStub.Error("too_many_requests", "hourly limit"), new Dictionary<string, string> { ["retry-after"] = "1800" });

        var error = await Assert.ThrowsAsync<ProviderException>(() => _stub.Provider().GetInstanceAsync("1"));

        Assert.Equal(ProviderErrorKind.RateLimit, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(1800), error.RetryAfter);
        Assert.Single(_stub.Requests("/v2/droplets/1"));
    }

    [Fact]
    public async Task SnapshotAction_503_IsNotRetried()
    {
        // The droplet's actions cannot be read here (no stub), so absence is not proved: one POST, and "may exist".
        _stub.Reply(_stub.Path("droplets/1/actions", "POST"), 503, DoStub.Error("unavailable", "x"));
        var error = await Assert.ThrowsAsync<ProviderException>(() => _stub.Provider().CreateSnapshotAsync("1", "snap"));
        Assert.Equal(503, error.StatusCode);
        Assert.True(error.OutcomeUnknown);
        Assert.Single(_stub.Requests("/v2/droplets/1/actions", "POST"));
    }

    [Fact]
    public async Task AnyCall_ConnectionRefused_IsNetworkError()
    {
        var closed = FreePort.Next();
        var provider = DigitalOceanFactory.Create(
            new ProviderOptions { Token = DoStub.Token, Endpoint = new Uri($"http://127.0.0.1:{closed}/v2/"), Log = _stub.Log },
            s => s.Retry = new Spuff.Providers.Http.RetrySettings { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1) });

        var error = await Assert.ThrowsAsync<ProviderException>(() => provider.GetInstanceAsync("1"));

        Assert.Equal(ProviderErrorKind.Network, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(2), error.RetryAfter);
        Assert.Contains("127.0.0.1", error.Message);
    }

    [Fact]
    public async Task Logs_EveryCall_HaveMethodPathStatusTimeAndRequestIdButNeverTheToken()
    {
        _stub.SshKeys(1);
        _stub.Reply(_stub.Path("droplets", "POST"), 422, DoStub.Error("unprocessable_entity", "Name is invalid"));
        _stub.Reply(_stub.Path("droplets"), 200, new { droplets = new object[0], links = new { }, meta = new { total = 0 } });
        var provider = _stub.Provider();

        var error = await Assert.ThrowsAsync<ProviderException>(() => provider.CreateInstanceAsync(new InstanceRequest("dev").WithUserData("SECRET_USER_DATA")));

        var verbose = _stub.Log.Lines.Where(l => l.Level == ProviderLogLevel.Verbose).Select(l => l.Message).ToList();
        Assert.Contains(verbose, l => l.Contains("GET /v2/account/keys?page=1&per_page=200 -> 200") && l.Contains(" ms") && l.Contains("request id req-200"));
        Assert.Contains(verbose, l => l.Contains("POST /v2/droplets -> 422"));
        Assert.DoesNotContain(DoStub.Token, _stub.Log.All);
        Assert.DoesNotContain("SECRET_USER_DATA", _stub.Log.All);
        Assert.DoesNotContain(DoStub.Token, error.ToString());
    }

    [Fact]
    public void Factory_NoToken_AuthenticationBeforeAnyCall()
    {
        var previous = Environment.GetEnvironmentVariable("DIGITALOCEAN_TOKEN");
        Environment.SetEnvironmentVariable("DIGITALOCEAN_TOKEN", null);
        try
        {
            var error = Assert.Throws<ProviderException>(() => new DigitalOceanFactory().Create(new ProviderOptions { Token = "  ", Endpoint = new Uri(_stub.Root + "/") }));
            Assert.Equal(ProviderErrorKind.Authentication, error.Kind);
            Assert.Contains("DIGITALOCEAN_TOKEN", error.Message);
            Assert.Empty(_stub.Server.LogEntries);
        }
        finally
        {
            Environment.SetEnvironmentVariable("DIGITALOCEAN_TOKEN", previous);
        }
    }

    [Theory]
    [InlineData("http://api.example.com/v2/")]
    [InlineData("ftp://127.0.0.1/v2/")]
    public void Factory_UnsafeEndpoint_InvalidConfig(string endpoint)
    {
        var error = Assert.Throws<ProviderException>(() => new DigitalOceanFactory().Create(new ProviderOptions { Token = "t", Endpoint = new Uri(endpoint) }));
        Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
        Assert.Equal("Endpoint", error.Field);
    }

    [Fact]
    public void Factory_LoopbackHttpAndRemoteHttps_AreAccepted()
    {
        Assert.NotNull(new DigitalOceanFactory().Create(new ProviderOptions { Token = "t", Endpoint = new Uri("http://[::1]:8080/v2/") }));
        Assert.NotNull(new DigitalOceanFactory().Create(new ProviderOptions { Token = "t", Endpoint = new Uri("https://do.example.com/v2/") }));
    }

    [Theory]
    [InlineData("bad name")]
    [InlineData("name!")]
    [InlineData("trailing-")]
    [InlineData("under_score")]
    public async Task CreateInstance_NameBreaksThePattern_InvalidConfigBeforeAnyCall(string name)
    {
        var error = await Assert.ThrowsAsync<ProviderException>(() => _stub.Provider().CreateInstanceAsync(new InstanceRequest(name)));
        Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
        Assert.Equal("Name", error.Field);
        Assert.Empty(_stub.Server.LogEntries);
    }

    [Fact]
    public async Task CreateInstance_UserDataOver64KiB_InvalidConfigBeforeAnyCall()
    {
        var error = await Assert.ThrowsAsync<ProviderException>(() =>
            _stub.Provider().CreateInstanceAsync(new InstanceRequest("dev").WithUserData(new string('x', 64 * 1024 + 1))));
        Assert.Equal("UserData", error.Field);
        Assert.Empty(_stub.Server.LogEntries);
    }

    [Theory]
    [InlineData("team name", "x")]
    [InlineData("team", "a b")]
    [InlineData("te:am", "x")]
    public async Task CreateInstance_LabelATagCannotCarry_InvalidConfigNotMangled(string key, string value)
    {
        var error = await Assert.ThrowsAsync<ProviderException>(() =>
            _stub.Provider().CreateInstanceAsync(new InstanceRequest("dev").WithLabel(key, value)));
        Assert.Equal("Label", error.Field);
        Assert.Empty(_stub.Server.LogEntries);
    }

    [Fact]
    public async Task CreateInstance_SnapshotImageNotNumeric_InvalidConfigBeforeAnyCall()
    {
        var error = await Assert.ThrowsAsync<ProviderException>(() =>
            _stub.Provider().CreateInstanceAsync(new InstanceRequest("dev").WithImage(ImageSpec.Snapshot("abc"))));
        Assert.Equal("Image", error.Field);
        Assert.Empty(_stub.Server.LogEntries);
    }

    private static async Task Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
