using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Spuff.Core.Tests.Support;
using Spuff.Providers.DigitalOcean;
using Xunit;

namespace Spuff.Core.Tests.DigitalOcean;

/// <summary>The emulator shared by the DigitalOcean lifecycle tests.</summary>
public sealed class DigitalOceanEmulatorFixture : EmulatorFixture
{
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
