using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace Spuff.Emulator.Tests.Support;

/// <summary>Starts one emulator per test (a fresh world, short delays) with a DigitalOcean client on it.</summary>
public abstract class EmulatorTestBase : IAsyncLifetime
{
    protected static readonly TimeSpan ShortDelay = TimeSpan.FromMilliseconds(150);

    private EmulatorServer? _server;
    private HttpClient? _client;

    protected EmulatorServer Server => _server ?? throw new InvalidOperationException("not started");

    protected HttpClient Client => _client ?? throw new InvalidOperationException("not started");

    protected virtual EmulatorOptions Options => new() { ReadyDelay = ShortDelay, ActionDelay = ShortDelay };

    public async Task InitializeAsync()
    {
        _server = await EmulatorServer.StartAsync(Options);
        _client = CreateClient(_server, "test-token");
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
    }

    protected static HttpClient CreateClient(EmulatorServer server, string? token)
    {
        var client = new HttpClient { BaseAddress = server.DigitalOceanEndpoint, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    protected Task<HttpResponseMessage> CreateDropletAsync(string name, string[]? tags = null, object? image = null) =>
        Client.PostAsJsonAsync("droplets", new
        {
            name,
            region = "nyc3",
            size = "s-1vcpu-1gb",
            image = image ?? "ubuntu-24-04-x64",
            tags = tags ?? Array.Empty<string>(),
        });

    protected async Task<long> CreateDropletIdAsync(string name, string[]? tags = null, object? image = null)
    {
        using var response = await CreateDropletAsync(name, tags, image);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        var json = await ReadJsonAsync(response);
        return json.GetProperty("droplet").GetProperty("id").GetInt64();
    }

    protected static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    protected async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path} → {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await ReadJsonAsync(response);
    }

    /// <summary>Polls until <paramref name="done"/> holds (every 25 ms, at most 5 s).</summary>
    protected static async Task<JsonElement> PollAsync(Func<Task<JsonElement>> probe, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (true)
        {
            var value = await probe();
            if (done(value)) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not reached: " + value);
            await Task.Delay(25);
        }
    }

    protected static async Task AssertErrorAsync(HttpResponseMessage response, int status, string id)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        Assert.Equal(id, document.RootElement.GetProperty("id").GetString());
        Assert.False(string.IsNullOrEmpty(document.RootElement.GetProperty("message").GetString()));
        var requestId = document.RootElement.GetProperty("request_id").GetString();
        Assert.Equal(requestId, Assert.Single(response.Headers.GetValues("x-request-id")));
    }
}
