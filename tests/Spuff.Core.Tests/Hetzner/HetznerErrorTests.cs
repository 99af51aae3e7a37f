using Microsoft.Extensions.Time.Testing;
using Spuff.Core;
using Spuff.Providers.Hetzner;
using Xunit;

namespace Spuff.Core.Tests.Hetzner;

public sealed class HetznerErrorTests : IDisposable
{
    private readonly HetznerStub _stub = new();

    public void Dispose() => _stub.Dispose();

    private async Task<ProviderException> GetFailsWith(int status, string code, string message, object? details = null)
    {
        _stub.Error(_stub.Path("servers/42"), status, code, message, details, ("X-Correlation-Id", "corr-" + code));
        var error = await Assert.ThrowsAsync<ProviderException>(() => _stub.Provider().GetInstanceAsync("42"));
        Assert.Equal("hetzner", error.Provider);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal(code, error.ErrorCode);
        Assert.Equal("corr-" + code, error.RequestId);
        Assert.Contains("corr-" + code, error.Message);
        Assert.DoesNotContain(HetznerStub.Token, error.Message);
        return error;
    }

    [Fact]
    public async Task Unauthorized_IsAuthenticationWithTheHint()
    {
        var error = await GetFailsWith(401, "unauthorized", "unable to authenticate");
        Assert.Equal(ProviderErrorKind.Authentication, error.Kind);
        Assert.Contains("HETZNER_TOKEN", error.Message);
    }

    [Fact]
    public async Task ReadOnlyToken_IsAuthenticationAskingForAReadWriteToken()
    {
        _stub.Json(_stub.Path("ssh_keys"), 200, new { ssh_keys = Array.Empty<object>(), meta = HetznerStub.Page(1, null) });
        _stub.Error(_stub.Path("servers", "POST"), 401, "token_readonly", "The token is only allowed to perform GET requests");

        var error = await Assert.ThrowsAsync<ProviderException>(() => _stub.Provider().CreateInstanceAsync(new InstanceRequest("web-1")));

        Assert.Equal(ProviderErrorKind.Authentication, error.Kind);
        Assert.Equal("token_readonly", error.ErrorCode);
        Assert.Contains("create a Read & Write token", error.Message);
        Assert.Single(_stub.Requests("servers", "POST"));
    }

    [Fact]
    public async Task Forbidden_IsAuthentication()
    {
        var error = await GetFailsWith(403, "forbidden", "insufficient permissions");
        Assert.Equal(ProviderErrorKind.Authentication, error.Kind);
    }

    [Fact]
    public async Task ResourceLimitExceeded_IsQuotaExceeded()
    {
        var error = await GetFailsWith(403, "resource_limit_exceeded", "project limit exceeded", new { limits = new[] { new { name = "project_limit" } } });
        Assert.Equal(ProviderErrorKind.QuotaExceeded, error.Kind);
    }

    [Fact]
    public async Task InvalidInput_IsInvalidConfigNamingTheFields()
    {
        _stub.Json(_stub.Path("ssh_keys"), 200, new { ssh_keys = Array.Empty<object>(), meta = HetznerStub.Page(1, null) });
        _stub.Error(_stub.Path("servers", "POST"), 422, "invalid_input", "invalid input in fields 'server_type', 'location'", new
        {
            fields = new[] { new { name = "server_type", messages = new[] { "unknown" } }, new { name = "location", messages = new[] { "unknown" } } },
        });

        var error = await Assert.ThrowsAsync<ProviderException>(() => _stub.Provider().CreateInstanceAsync(new InstanceRequest("web-1", "xx9", "zz99")));

        Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
        Assert.Equal("Size", error.Field);
        Assert.Contains("'server_type', 'location'", error.Message);
    }

    [Fact]
    public async Task UniquenessError_IsInvalidConfig()
    {
        var error = await GetFailsWith(409, "uniqueness_error", "server name is already used", new { fields = new[] { new { name = "name" } } });
        Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
        Assert.Equal("Name", error.Field);
    }

    [Fact]
    public async Task UnsupportedError_IsNotSupported()
    {
        var error = await GetFailsWith(422, "unsupported_error", "action not supported");
        Assert.Equal(ProviderErrorKind.NotSupported, error.Kind);
    }

    [Fact]
    public async Task LockedOnEveryTry_IsApiAfterRetries()
    {
        var error = await GetFailsWith(423, "locked", "server is locked");
        Assert.Equal(ProviderErrorKind.Api, error.Kind);
        Assert.Contains("Another action is still running", error.Message);
        Assert.Equal(4, _stub.Requests("servers/42", "GET").Count);
    }

    [Theory]
    [InlineData(409, "conflict", "GET")]
    [InlineData(423, "locked", "GET")]
    [InlineData(409, "conflict", "DELETE")]
    [InlineData(423, "locked", "DELETE")]
    [InlineData(503, "unavailable", "GET")]
    public async Task IdempotentCall_ConflictOrLockedOnce_IsRetriedToSuccess(int status, string code, string method)
    {
        var path = _stub.Path("servers/42", method);
        if (method == "DELETE")
        {
            _stub.Json(_stub.Path("servers/42"), 200, new { server = HetznerStub.ServerJson(42) });
        }

        _stub.Server.Given(path).InScenario("retry").WillSetStateTo("again")
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json")
                .WithBody($"{{\"error\":{{\"code\":\"{code}\",\"message\":\"try again\",\"details\":null}}}}"));
        _stub.Server.Given(path).InScenario("retry").WhenStateIs("again")
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody(System.Text.Json.JsonSerializer.Serialize(new { server = HetznerStub.ServerJson(42), action = HetznerStub.ActionJson(5, "running", "delete_server") })));
        var provider = _stub.Provider();

        if (method == "GET")
        {
            Assert.NotNull(await provider.GetInstanceAsync("42"));
        }
        else
        {
            await provider.DestroyInstanceAsync("42");
        }

        Assert.Equal(2, _stub.Requests("servers/42", method).Count);
    }

    [Fact]
    public async Task CreateInstance_Conflict_IsNotRetried()
    {
        _stub.Json(_stub.Path("ssh_keys"), 200, new { ssh_keys = Array.Empty<object>(), meta = HetznerStub.Page(1, null) });
        _stub.Error(_stub.Path("servers", "POST"), 409, "conflict", "changed during the request");

        var error = await Assert.ThrowsAsync<ProviderException>(() => _stub.Provider().CreateInstanceAsync(new InstanceRequest("web-1")));

        Assert.Equal(ProviderErrorKind.Api, error.Kind);
        Assert.Single(_stub.Requests("servers", "POST"));
    }

    [Fact]
    public async Task RateLimited_EmptyBucket_WaitsOneRefillSecondNotUntilTheResetThenSucceeds()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-26T12:00:00+00:00"));
        var reset = clock.GetUtcNow().AddSeconds(3).ToUnixTimeSeconds().ToString();
        var path = _stub.Path("servers/42");
        _stub.Server.Given(path).InScenario("limit").WillSetStateTo("recovered")
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(429).WithHeader("Content-Type", "application/json")
                .WithHeader("RateLimit-Limit", "3600").WithHeader("RateLimit-Remaining", "0").WithHeader("RateLimit-Reset", reset)
                .WithBody("{\"error\":{\"code\":\"rate_limit_exceeded\",\"message\":\"limit of 3600 requests per hour reached\",\"details\":null}}"));
        _stub.Server.Given(path).InScenario("limit").WhenStateIs("recovered")
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody(System.Text.Json.JsonSerializer.Serialize(new { server = HetznerStub.ServerJson(42) })));
        var settings = _stub.Settings(HetznerStub.FastTimeouts.WithHttpRequest(TimeSpan.FromHours(1)));
        settings.TimeProvider = clock;
        var provider = new HetznerProvider(settings);

        var call = provider.GetInstanceAsync("42");
        var started = DateTime.UtcNow;
        while (!_stub.Server.LogEntries.Any() && DateTime.UtcNow - started < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(5);
        }

        // Lets the client read the 429 against the unmoved clock before time starts to pass.
        await Task.Delay(100);
        while (!call.IsCompleted && DateTime.UtcNow - started < TimeSpan.FromSeconds(10))
        {
            // Moves the fake clock, so the 3 s the API asked for pass in milliseconds of real time.
            await Task.Delay(5);
            clock.Advance(TimeSpan.FromMilliseconds(500));
        }

        Assert.NotNull(await call);
        Assert.Equal(2, _stub.Requests("servers/42", "GET").Count);
        var retry = Assert.Single(_stub.Log.Lines, l => l.Contains("retry 1 of"));
        var waited = int.Parse(System.Text.RegularExpressions.Regex.Match(retry, @" in (\d+) ms").Groups[1].Value);
        // RateLimit-Reset (3 s ahead) is when the bucket is full; one request is back after one second.
        Assert.Equal(1000, waited);
    }

    [Fact]
    public async Task LowRemainingBudget_StretchesThePollPause()
    {
        var reset = DateTimeOffset.UtcNow.AddSeconds(600).ToUnixTimeSeconds().ToString();
        _stub.Json(_stub.Path("servers/42"), 200, new { server = HetznerStub.ServerJson(42) }, ("RateLimit-Limit", "3600"), ("RateLimit-Remaining", "20"), ("RateLimit-Reset", reset));
        var settings = _stub.Settings();
        var provider = new HetznerProvider(settings);

        await provider.GetInstanceAsync("42");

        Assert.Equal(20, settings.RateLimits.Remaining);
        Assert.True(settings.RateLimits.Pace(TimeSpan.FromSeconds(1), DateTimeOffset.UtcNow) >= TimeSpan.FromSeconds(25));
    }

    [Fact]
    public async Task WaitReady_LowBudget_PollsLessOften()
    {
        var reset = DateTimeOffset.UtcNow.AddSeconds(600).ToUnixTimeSeconds().ToString();
        _stub.Json(_stub.Path("servers/42"), 200, new { server = HetznerStub.ServerJson(42, status: "initializing", ipv4: null) },
            ("RateLimit-Limit", "3600"), ("RateLimit-Remaining", "20"), ("RateLimit-Reset", reset));
        var timeouts = HetznerStub.FastTimeouts.WithInstanceReady(TimeSpan.FromMilliseconds(600));

        await Assert.ThrowsAsync<ProviderException>(() => _stub.Provider(timeouts).WaitReadyAsync("42"));

        // At a 30 ms poll interval a healthy budget means ~20 polls in 600 ms; 20 requests left for 10 minutes
        // stretch the pause past the timeout, so the wait polls once and once more at the deadline.
        Assert.InRange(_stub.Requests("servers/42", "GET").Count, 1, 2);
    }

    [Fact]
    public async Task UnreachableEndpoint_IsNetwork()
    {
        var provider = _stub.Provider();
        _stub.Server.Stop();
        var error = await Assert.ThrowsAsync<ProviderException>(() => provider.ListSnapshotsAsync().GetAsyncEnumerator().MoveNextAsync().AsTask());
        Assert.Equal(ProviderErrorKind.Network, error.Kind);
    }

    [Fact]
    public async Task EveryCall_LogsOneVerboseLineWithoutTheToken()
    {
        _stub.Error(_stub.Path("servers/42"), 401, "unauthorized", "unable to authenticate", headers: ("X-Correlation-Id", "corr-1"));
        _stub.Json(_stub.Path("servers/43"), 200, new { server = HetznerStub.ServerJson(43) });
        var provider = _stub.Provider();

        await Assert.ThrowsAsync<ProviderException>(() => provider.GetInstanceAsync("42"));
        await provider.GetInstanceAsync("43");

        // The stub is an endpoint override, which the factory reports once; the rest is one line per call.
        var verbose = _stub.Log.Lines.Where(l => l.StartsWith("Verbose:", StringComparison.Ordinal) && !l.Contains("using the endpoint")).ToList();
        Assert.Equal(2, verbose.Count);
        Assert.Contains(verbose, l => l.Contains("GET /v1/servers/42 -> 401") && l.Contains("corr-1"));
        Assert.All(_stub.Log.Lines, l => Assert.DoesNotContain(HetznerStub.Token, l));
        Assert.All(_stub.Server.LogEntries, e => Assert.Equal("Bearer " + HetznerStub.Token, e.RequestMessage.Headers!["Authorization"].Single()));
    }
}
