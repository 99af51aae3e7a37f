using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Spuff.Emulator;
using Spuff.Providers.DigitalOcean;
using Xunit;

namespace Spuff.Core.Tests.DigitalOcean;

/// <summary>One local emulator (127.0.0.1, free port, short delays) shared by the DigitalOcean lifecycle tests.</summary>
public sealed class DigitalOceanEmulatorFixture : IAsyncLifetime
{
    public const string Token = "emulator-token";

    private EmulatorServer? _server;

    public EmulatorServer Server => _server ?? throw new InvalidOperationException("The emulator did not start.");

    public static ProviderTimeouts Timeouts { get; } = new(
        instanceReady: TimeSpan.FromSeconds(15),
        actionComplete: TimeSpan.FromSeconds(15),
        pollInterval: TimeSpan.FromMilliseconds(100),
        httpRequest: TimeSpan.FromSeconds(10));

    public async Task InitializeAsync() =>
        _server = await EmulatorServer.StartAsync(new EmulatorOptions { ReadyDelay = TimeSpan.FromMilliseconds(250), ActionDelay = TimeSpan.FromMilliseconds(250) });

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }

    public IProvider CreateProvider(string token = Token, IProviderLog? log = null) =>
        new DigitalOceanFactory().Create(new ProviderOptions { Token = token, Endpoint = Server.DigitalOceanEndpoint, Timeouts = Timeouts, Log = log });

    /// <summary>A droplet made straight through the API, without Spuff's tag.</summary>
    public async Task<string> CreateRawDropletAsync(string name)
    {
        using var client = new HttpClient { BaseAddress = Server.DigitalOceanEndpoint };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var response = await client.PostAsJsonAsync("droplets", new { name, region = "nyc3", size = "s-1vcpu-1gb", image = "ubuntu-24-04-x64" });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("droplet").GetProperty("id").GetInt64().ToString();
    }
}

[CollectionDefinition(Name)]
public sealed class DigitalOceanEmulatorCollection : ICollectionFixture<DigitalOceanEmulatorFixture>
{
    public const string Name = "DigitalOcean emulator";
}
