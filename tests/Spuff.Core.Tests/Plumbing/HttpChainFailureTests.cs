using System.Net;
using System.Text.Json;
using Spuff.Core;
using Spuff.Core.Tests.Hetzner;
using Spuff.Providers.Hetzner;
using Spuff.Providers.Http;
using Xunit;

namespace Spuff.Core.Tests.Plumbing;

/// <summary>
/// What a real network or proxy can hand the shared HTTP chain after the headers: a body that breaks off or stalls,
/// an unknown charset, a nonsensical rate-limit header, a connection broken by cancelling. Each must end as a
/// ProviderException (retried where that is safe) or as cancellation: never a raw .NET exception, never a hang.
/// </summary>
public class HttpChainFailureTests
{
    private static readonly string ServerBody = JsonSerializer.Serialize(new { server = HetznerStub.ServerJson(42) });

    private static HetznerProvider Provider(Func<int, HttpContent> bodyOfAttempt, HttpMessageHandler? handler = null)
    {
        var settings = HetznerFactory.CreateSettings(new ProviderOptions
        {
            Token = "body-failure-token",
            Endpoint = new Uri("http://127.0.0.1:9/v1/"),
            Timeouts = new ProviderTimeouts(
                instanceReady: TimeSpan.FromSeconds(3),
                actionComplete: TimeSpan.FromSeconds(3),
                pollInterval: TimeSpan.FromMilliseconds(30),
                httpRequest: TimeSpan.FromMilliseconds(300)),
        });
        settings.Retry = new RetrySettings { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) };
        settings.PrimaryHandlerFactory = () => handler ?? new ScriptedHandler(bodyOfAttempt);
        return new HetznerProvider(settings);
    }

    [Fact]
    public async Task GetInstance_BodyBreaksOffOnce_IsRetriedAndSucceeds()
    {
        var handler = new ScriptedHandler(attempt => attempt == 1 ? new BrokenContent() : new StringContent(ServerBody));
        var provider = Provider(_ => null!, handler);

        var instance = await provider.GetInstanceAsync("42").WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("42", instance!.Id);
        Assert.Equal(2, handler.Attempts);
    }

    [Fact]
    public async Task GetInstance_BodyAlwaysBreaksOff_IsNetwork()
    {
        var provider = Provider(_ => new BrokenContent());

        var error = await Assert.ThrowsAsync<ProviderException>(() => provider.GetInstanceAsync("42").WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(ProviderErrorKind.Network, error.Kind);
        Assert.Equal("hetzner", error.Provider);
    }

    [Fact]
    public async Task GetInstance_BodyStalls_TimesOutPerAttemptAsNetwork()
    {
        var provider = Provider(_ => new StalledContent());

        var error = await Assert.ThrowsAsync<ProviderException>(() => provider.GetInstanceAsync("42").WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(ProviderErrorKind.Network, error.Kind);
    }

    [Fact]
    public async Task GetInstance_CancelledWhileBodyStalls_IsCancellation()
    {
        var provider = Provider(_ => new StalledContent());
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => provider.GetInstanceAsync("42", cancel.Token).WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Theory]
    [InlineData(200)]
    [InlineData(404)]
    [InlineData(500)]
    public async Task GetInstance_UnknownCharsetInContentType_IsReadAsUtf8(int status)
    {
        // JSON is UTF-8 (RFC 8259); a proxy's bogus charset must not turn into a raw InvalidOperationException.
        var body = status == 200 ? ServerBody : "{\"error\":{\"code\":\"" + (status == 404 ? "not_found" : "server_error") + "\",\"message\":\"x\"}}";
        var handler = new ScriptedHandler(_ =>
        {
            var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(body));
            content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=no-such-charset");
            return content;
        }, (HttpStatusCode)status);
        var provider = Provider(_ => null!, handler);

        if (status == 200)
        {
            Assert.Equal("42", (await provider.GetInstanceAsync("42"))!.Id);
        }
        else if (status == 404)
        {
            Assert.Null(await provider.GetInstanceAsync("42"));
        }
        else
        {
            var error = await Assert.ThrowsAsync<ProviderException>(() => provider.GetInstanceAsync("42"));
            Assert.Equal(500, error.StatusCode);
        }
    }

    [Fact]
    public async Task GetInstance_CancelledAndTheConnectionBreaks_IsCancellationNotNetwork()
    {
        using var cancel = new CancellationTokenSource();
        var provider = Provider(_ => null!, new ThrowingHandler(() =>
        {
            cancel.Cancel();
            return new HttpRequestException("The connection was aborted.", new IOException("aborted"));
        }));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => provider.GetInstanceAsync("42", cancel.Token));
    }

    [Theory]
    [InlineData(200)]
    [InlineData(429)]
    public async Task GetInstance_RateLimitResetBeyondTheCalendar_IsIgnored(int status)
    {
        // A reset no DateTimeOffset can hold (a proxy's garbage) used to escape as ArgumentOutOfRangeException.
        var handler = new ScriptedHandler(attempt => new StringContent(attempt == 1 && status == 429 ? "{}" : ServerBody), (HttpStatusCode)status)
        {
            Headers = { ["RateLimit-Limit"] = "3600", ["RateLimit-Remaining"] = "0", ["RateLimit-Reset"] = "999999999999999" },
            StatusAfterFirst = HttpStatusCode.OK,
        };
        var provider = Provider(_ => null!, handler);

        var instance = await provider.GetInstanceAsync("42").WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("42", instance!.Id);
    }

    private sealed class ThrowingHandler : HttpMessageHandler
    {
        private readonly Func<Exception> _failure;

        public ThrowingHandler(Func<Exception> failure) => _failure = failure;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromException<HttpResponseMessage>(_failure());
    }

    internal sealed class ScriptedHandler : HttpMessageHandler
    {
        private readonly Func<int, HttpContent> _bodyOfAttempt;
        private readonly HttpStatusCode _status;
        private int _attempts;

        public ScriptedHandler(Func<int, HttpContent> bodyOfAttempt, HttpStatusCode status = HttpStatusCode.OK)
        {
            _bodyOfAttempt = bodyOfAttempt;
            _status = status;
        }

        public int Attempts => _attempts;

        public Dictionary<string, string> Headers { get; } = new();

        /// <summary>The status of every attempt after the first (default: the first's).</summary>
        public HttpStatusCode? StatusAfterFirst { get; init; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var attempt = Interlocked.Increment(ref _attempts);
            var response = new HttpResponseMessage(attempt > 1 && StatusAfterFirst is { } later ? later : _status) { Content = _bodyOfAttempt(attempt), RequestMessage = request };
            foreach (var (name, value) in Headers)
            {
                response.Headers.TryAddWithoutValidation(name, value);
            }

            return Task.FromResult(response);
        }
    }

    /// <summary>A body whose connection drops after the headers.</summary>
    private sealed class BrokenContent : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            Task.FromException(new IOException("The response ended prematurely."));

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    /// <summary>A body that never arrives, until the response is disposed.</summary>
    private sealed class StalledContent : HttpContent
    {
        private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await _disposed.Task;
            throw new IOException("The connection was closed.");
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            _disposed.TrySetResult();
            base.Dispose(disposing);
        }
    }
}
