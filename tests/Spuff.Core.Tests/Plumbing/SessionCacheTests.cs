using Microsoft.Extensions.Time.Testing;
using Spuff.Core.Tests.Support;
using Spuff.Emulator;
using Spuff.Providers.DigitalOcean;
using Spuff.Providers.Hetzner;
using Spuff.Providers.Http;
using Xunit;

namespace Spuff.Core.Tests.Plumbing;

/// <summary>Issue 10, "Requests per create": what does not change is read once per token for a short time.</summary>
public sealed class SessionCacheTests : IAsyncLifetime
{
    private EmulatorServer _emulator = null!;

    public async Task InitializeAsync() => _emulator = await EmulatorServer.StartAsync(new EmulatorOptions { ReadyDelay = TimeSpan.Zero, ActionDelay = TimeSpan.Zero });

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    private IProvider DigitalOcean(string token) =>
        new DigitalOceanFactory().Create(new ProviderOptions { Token = token, Endpoint = _emulator.DigitalOceanEndpoint, Timeouts = EmulatorFixture.Timeouts });

    private IProvider Hetzner(string token) =>
        new HetznerFactory().Create(new ProviderOptions { Token = token, Endpoint = _emulator.HetznerEndpoint, Timeouts = EmulatorFixture.Timeouts });

    [Fact]
    public async Task DigitalOceanCreate_TwentyInALoop_ReadsTheAccountKeysOnce()
    {
        for (var i = 0; i < 20; i++)
        {
            using var provider = (IDisposable)DigitalOcean("loop-token");
            await ((IProvider)provider).CreateInstanceAsync(new InstanceRequest($"loop-{i}"));
        }

        Assert.Equal(20, _emulator.DigitalOcean.DropletIds.Count);
        Assert.Equal(1, _emulator.Requests.Count("GET", "/v2/account/keys"));
    }

    [Fact]
    public async Task DigitalOceanCreate_AnotherToken_ReadsItsOwnKeys()
    {
        await DigitalOcean("token-a").CreateInstanceAsync(new InstanceRequest("a-1"));
        await DigitalOcean("token-a").CreateInstanceAsync(new InstanceRequest("a-2"));
        await DigitalOcean("token-b").CreateInstanceAsync(new InstanceRequest("b-1"));

        Assert.Equal(2, _emulator.Requests.Count("GET", "/v2/account/keys"));
    }

    [Fact]
    public async Task HetznerCreate_TwentyInALoop_ReadsTheProjectKeysOnce()
    {
        for (var i = 0; i < 20; i++)
        {
            await Hetzner("loop-token").CreateInstanceAsync(new InstanceRequest($"hloop-{i}"));
        }

        Assert.Equal(20, _emulator.Hetzner.ServerIds.Count);
        Assert.Equal(1, _emulator.Requests.Count("GET", "/v1/ssh_keys"));
    }

    [Fact]
    public async Task Catalog_ReadTwice_AsksTheProviderOnce()
    {
        var first = await ((IProviderCatalog)DigitalOcean("catalog-token")).ListSizesAsync();
        var second = await ((IProviderCatalog)DigitalOcean("catalog-token")).ListSizesAsync();

        Assert.Equal(first.Select(e => e.Name), second.Select(e => e.Name));
        Assert.Equal(1, _emulator.Requests.Count("GET", "/v2/sizes"));
    }

    [Fact]
    public async Task GetOrLoad_AfterTheLifetime_LoadsAgain()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-30T12:00:00+00:00"));
        var key = "test\n" + Guid.NewGuid();
        var loads = 0;
        Task<string> Load(CancellationToken _) => Task.FromResult("v" + ++loads);

        var a = await SessionCache.GetOrLoadAsync(key, TimeSpan.FromSeconds(60), clock, Load, default);
        clock.Advance(TimeSpan.FromSeconds(59));
        var b = await SessionCache.GetOrLoadAsync(key, TimeSpan.FromSeconds(60), clock, Load, default);
        clock.Advance(TimeSpan.FromSeconds(2));
        var c = await SessionCache.GetOrLoadAsync(key, TimeSpan.FromSeconds(60), clock, Load, default);

        Assert.Equal(new[] { "v1", "v1", "v2" }, new[] { a, b, c });
    }

    [Fact]
    public async Task GetOrLoad_LoadFails_IsNotKept()
    {
        var key = "test\n" + Guid.NewGuid();
        await Assert.ThrowsAsync<ProviderException>(() => SessionCache.GetOrLoadAsync<string>(key, TimeSpan.FromMinutes(1), TimeProvider.System, _ => throw ProviderException.Network("down"), default));

        var value = await SessionCache.GetOrLoadAsync(key, TimeSpan.FromMinutes(1), TimeProvider.System, _ => Task.FromResult("fresh"), default);

        Assert.Equal("fresh", value);
    }

    [Fact]
    public void KeyFor_Token_HoldsOnlyItsFingerprint()
    {
        var settings = new HttpPipelineSettings("digitalocean", "DigitalOcean", new Uri("https://api.example.test/v2/"), new DigitalOceanErrorDecoder()) { Token = "dop_v1_secret_value" };
        var other = new HttpPipelineSettings("digitalocean", "DigitalOcean", new Uri("https://api.example.test/v2/"), new DigitalOceanErrorDecoder()) { Token = "dop_v1_other_value" };

        var key = SessionCache.KeyFor(settings, "account/keys");

        Assert.DoesNotContain("secret", key);
        Assert.NotEqual(key, SessionCache.KeyFor(other, "account/keys"));
        Assert.Equal(key, SessionCache.KeyFor(settings, "account/keys"));
    }
}
