using Spuff.Core.Tests.DigitalOcean;
using Spuff.Core.Tests.Hetzner;
using Xunit;

namespace Spuff.Core.Tests.Plumbing;

/// <summary>Issue 9 §7: malformed input is refused by the provider's Validation class before any request,
/// naming the parameter.</summary>
public sealed class ProviderInputTests : IDisposable
{
    private static readonly string Long = new('a', 10_000);
    private readonly DoStub _do = new();
    private readonly HetznerStub _hetzner = new();

    public void Dispose()
    {
        _do.Dispose();
        _hetzner.Dispose();
    }

    public static TheoryData<string, string?, string?, string?, string> Malformed() => new()
    {
        // field under test, region, size, image, expected field
        { "region", "../../x", null, null, "Region" },
        { "region", Long, null, null, "Region" },
        { "region", "", null, null, "Region" },
        { "region", "nyc 3", null, null, "Region" },
        { "size", null, "../../x", null, "Size" },
        { "size", null, Long, null, "Size" },
        { "size", null, " ", null, "Size" },
        { "image", null, null, "ubuntu-", "Image" },
        { "image", null, null, "debian_", "Image" },
        { "image", null, null, "../../x", "Image" },
        { "image", null, null, Long, "Image" },
        { "image", null, null, "x/y", "Image" },
        { "image", null, null, "snapshot:abc", "Image" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task DigitalOceanCreate_MalformedRegionSizeOrImage_RefusedBeforeAnyRequest(string what, string? region, string? size, string? image, string field)
    {
        var request = new InstanceRequest("web-1", region, size);
        var error = await Assert.ThrowsAsync<ProviderException>(async () =>
        {
            if (image != null)
            {
                request.Image = ImageSpec.Parse(image);
            }

            await _do.Provider().CreateInstanceAsync(request);
        });

        Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
        Assert.Equal(field, error.Field);
        Assert.Empty(_do.Server.LogEntries);
        Assert.NotNull(what);
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task HetznerCreate_MalformedRegionSizeOrImage_RefusedBeforeAnyRequest(string what, string? region, string? size, string? image, string field)
    {
        var request = new InstanceRequest("web-1", region, size);
        var error = await Assert.ThrowsAsync<ProviderException>(async () =>
        {
            if (image != null)
            {
                request.Image = ImageSpec.Parse(image);
            }

            await _hetzner.Provider().CreateInstanceAsync(request);
        });

        Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
        Assert.Equal(field, error.Field);
        Assert.Empty(_hetzner.Server.LogEntries);
        Assert.NotNull(what);
    }

    [Fact]
    public async Task Create_UserDataWithNul_RefusedBeforeAnyRequest()
    {
        var request = new InstanceRequest("web-1").WithUserData("#!/bin/sh\necho a\0b");

        Assert.Equal("UserData", (await Assert.ThrowsAsync<ProviderException>(() => _do.Provider().CreateInstanceAsync(request))).Field);
        Assert.Equal("UserData", (await Assert.ThrowsAsync<ProviderException>(() => _hetzner.Provider().CreateInstanceAsync(request))).Field);
        Assert.Empty(_do.Server.LogEntries);
        Assert.Empty(_hetzner.Server.LogEntries);
    }

    [Theory]
    [InlineData("../../x")]
    [InlineData("")]
    public void Factories_MalformedRegionForTheCall_RefusedBeforeAnyRequest(string region)
    {
        var options = new ProviderOptions { Token = "t", Endpoint = new Uri(_do.Root + "/"), Region = region };
        Assert.Equal("Region", Assert.Throws<ProviderException>(() => new Spuff.Providers.DigitalOcean.DigitalOceanFactory().Create(options)).Field);
        options.Endpoint = _hetzner.Endpoint;
        Assert.Equal("Region", Assert.Throws<ProviderException>(() => new Spuff.Providers.Hetzner.HetznerFactory().Create(options)).Field);
    }

    [Theory]
    [InlineData("ubuntu-")]
    [InlineData("Ubuntu")]
    [InlineData("debian:")]
    public void ImageSpecParse_DistributionWithoutRelease_IsInvalidConfigNamingImage(string text)
    {
        var error = Assert.Throws<ProviderException>(() => ImageSpec.Parse(text));
        Assert.Equal("Image", error.Field);
    }
}
