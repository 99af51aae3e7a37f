using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Spuff.Emulator;
using Spuff.Providers.Hetzner;
using Xunit;

namespace Spuff.Core.Tests.Hetzner;

/// <summary>One local emulator (127.0.0.1, free port, short delays) shared by the Hetzner tests of a collection.</summary>
public sealed class HetznerEmulatorFixture : IAsyncLifetime
{
    public const string Token = "emulator-token";

    public static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(250);

    private EmulatorServer? _server;

    public EmulatorServer Server => _server ?? throw new InvalidOperationException("The emulator did not start.");

    public Uri Endpoint => Server.HetznerEndpoint;

    public static ProviderTimeouts Timeouts { get; } = new(
        instanceReady: TimeSpan.FromSeconds(15),
        actionComplete: TimeSpan.FromSeconds(15),
        pollInterval: TimeSpan.FromMilliseconds(100),
        httpRequest: TimeSpan.FromSeconds(10));

    public async Task InitializeAsync() =>
        _server = await EmulatorServer.StartAsync(new EmulatorOptions { ReadyDelay = Delay, ActionDelay = Delay });

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }

    public IProvider CreateProvider(ProviderTimeouts? timeouts = null, string token = Token, IProviderLog? log = null) =>
        new HetznerFactory().Create(new ProviderOptions { Token = token, Endpoint = Endpoint, Timeouts = timeouts ?? Timeouts, Log = log });

    public HttpClient CreateClient(string token = Token)
    {
        var client = new HttpClient { BaseAddress = Endpoint, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A server made straight through the API, without Spuff's label.</summary>
    public async Task<long> CreateRawServerAsync(string name, IDictionary<string, string>? labels = null)
    {
        using var client = CreateClient();
        using var response = await client.PostAsJsonAsync("servers", new { name, server_type = "cx23", image = "ubuntu-24.04", location = "nbg1", labels = labels ?? new Dictionary<string, string>() });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("server").GetProperty("id").GetInt64();
    }
}

[CollectionDefinition(Name)]
public sealed class HetznerEmulatorCollection : ICollectionFixture<HetznerEmulatorFixture>
{
    public const string Name = "Hetzner emulator";
}
