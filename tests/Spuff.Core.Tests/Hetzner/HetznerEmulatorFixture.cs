using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Spuff.Core.Tests.Support;
using Spuff.Providers.Hetzner;
using Xunit;

namespace Spuff.Core.Tests.Hetzner;

/// <summary>The emulator shared by the Hetzner tests of a collection.</summary>
public sealed class HetznerEmulatorFixture : EmulatorFixture
{
    public Uri Endpoint => Server.HetznerEndpoint;

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
