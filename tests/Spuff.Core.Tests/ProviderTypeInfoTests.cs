using Spuff.Core;
using Xunit;

namespace Spuff.Core.Tests;

public class ProviderTypeInfoTests
{
    [Theory]
    [InlineData("digitalocean", ProviderType.DigitalOcean)]
    [InlineData("DO", ProviderType.DigitalOcean)]
    [InlineData("Hetzner", ProviderType.Hetzner)]
    [InlineData("hcloud", ProviderType.Hetzner)]
    [InlineData("aws", ProviderType.Aws)]
    [InlineData("EC2", ProviderType.Aws)]
    [InlineData("docker", ProviderType.Docker)]
    [InlineData(" local ", ProviderType.Docker)]
    public void TryParse_NameOrAlias_FindsType(string name, ProviderType expected)
    {
        Assert.True(ProviderTypeInfo.TryParse(name, out var type));
        Assert.Equal(expected, type);
    }

    [Fact]
    public void Parse_UnknownName_ThrowsUnknownProviderListingSupportedNames()
    {
        var ex = Assert.Throws<ProviderException>(() => ProviderTypeInfo.Parse("azure"));
        Assert.Equal(ProviderErrorKind.UnknownProvider, ex.Kind);
        Assert.Equal(new[] { "digitalocean", "hetzner", "aws", "docker" }, ex.SupportedProviders);
        Assert.Contains("azure", ex.Message);
        Assert.Contains("digitalocean", ex.Message);
    }

    [Fact]
    public void TokenEnvironmentVariables_EachProvider_AreTheDocumentedOnes()
    {
        Assert.Equal(new[] { "DIGITALOCEAN_TOKEN", "DIGITALOCEAN_ACCESS_TOKEN" }, ProviderType.DigitalOcean.GetTokenEnvironmentVariables());
        Assert.Equal(new[] { "HETZNER_TOKEN", "HCLOUD_TOKEN" }, ProviderType.Hetzner.GetTokenEnvironmentVariables());
        Assert.Equal("AWS_ACCESS_KEY_ID", ProviderType.Aws.GetTokenEnvironmentVariable());
        Assert.Empty(ProviderType.Docker.GetTokenEnvironmentVariables());
    }
}
