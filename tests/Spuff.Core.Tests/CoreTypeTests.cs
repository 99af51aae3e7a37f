using System.Net;
using Spuff.Core;
using Xunit;

namespace Spuff.Core.Tests;

public class CoreTypeTests
{
    [Theory]
    [InlineData("ubuntu-24.04", ImageKind.Ubuntu, "24.04")]
    [InlineData("Ubuntu:22.04", ImageKind.Ubuntu, "22.04")]
    [InlineData("debian-12", ImageKind.Debian, "12")]
    [InlineData("snapshot:123", ImageKind.Snapshot, "123")]
    [InlineData("custom:ubuntu-24.04", ImageKind.Custom, "ubuntu-24.04")]
    [InlineData("ami-0abc1234", ImageKind.Custom, "ami-0abc1234")]
    public void ImageSpecParse_KnownForms_GiveKindAndValue(string text, ImageKind kind, string value)
    {
        var spec = ImageSpec.Parse(text);
        Assert.Equal(kind, spec.Kind);
        Assert.Equal(value, spec.Value);
    }

    [Fact]
    public void ImageSpec_ToString_RoundTrips()
    {
        foreach (var spec in new[] { ImageSpec.Ubuntu("24.04"), ImageSpec.Debian("12"), ImageSpec.Snapshot("9"), ImageSpec.Custom("ami-1") })
        {
            Assert.Equal(spec, ImageSpec.Parse(spec.ToString()));
        }
    }

    [Fact]
    public void ImageSpec_Empty_IsInvalidConfigNamingImage()
    {
        var error = Assert.Throws<ProviderException>(() => ImageSpec.Parse("  "));
        Assert.Equal("Image", error.Field);
    }

    [Fact]
    public void InstanceStatus_EqualityAndText_AreFriendlyToPowerShell()
    {
        Assert.Equal(InstanceStatus.Active, InstanceStatus.FromKind(InstanceStatusKind.Active, "running"));
        Assert.True(InstanceStatus.Active.Equals("active"));
        Assert.Equal("Active", InstanceStatus.Active.ToString());
        Assert.Equal("Unknown(rebuilding)", InstanceStatus.Unknown("rebuilding").ToString());
        Assert.Equal(InstanceStatus.Unknown("rebuilding"), InstanceStatus.Parse("Unknown(rebuilding)"));
        Assert.NotEqual(InstanceStatus.Unknown("a"), InstanceStatus.Unknown("b"));
        Assert.Equal(InstanceStatus.Off, InstanceStatus.Parse("off"));
    }

    [Theory]
    [InlineData("active", "203.0.113.1", true)]
    [InlineData("active", null, false)]
    [InlineData("active", "0.0.0.0", false)]
    [InlineData("active", "::", false)]
    [InlineData("new", "203.0.113.1", false)]
    public void ProviderInstance_IsReady_NeedsActiveAndAUsableAddress(string status, string? ip, bool ready)
    {
        var instance = new ProviderInstance("1", InstanceStatus.Parse(status), ip == null ? null : IPAddress.Parse(ip), DateTimeOffset.UtcNow);
        Assert.Equal(ready, instance.IsReady);
    }

    [Fact]
    public void ProviderTimeouts_Defaults_AreTheDocumentedOnes()
    {
        var t = ProviderTimeouts.Default;
        Assert.Equal(TimeSpan.FromSeconds(300), t.InstanceReady);
        Assert.Equal(TimeSpan.FromSeconds(600), t.ActionComplete);
        Assert.Equal(TimeSpan.FromSeconds(5), t.PollInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), t.HttpRequest);
        Assert.Equal(TimeSpan.FromSeconds(300), t.SshConnect);
        Assert.Equal(TimeSpan.FromSeconds(600), t.CloudInit);
        Assert.Equal(60, t.InstanceReadyAttempts());
        Assert.Equal(120, t.ActionCompleteAttempts());
    }

    [Fact]
    public void ProviderTimeouts_ZeroPollInterval_DoesNotDivideByZero()
    {
        var t = ProviderTimeouts.Default.WithPollInterval(TimeSpan.Zero);
        Assert.Equal(300, t.InstanceReadyAttempts());
        Assert.Equal(1, t.WithInstanceReady(TimeSpan.Zero).InstanceReadyAttempts());
    }

    [Fact]
    public void ProviderException_Helpers_SetKindRetryabilityAndRetryAfter()
    {
        Assert.Equal(TimeSpan.FromSeconds(60), ProviderException.RateLimit(TimeSpan.FromSeconds(60)).RetryAfter);
        Assert.Null(ProviderException.RateLimit(null).RetryAfter);
        Assert.Equal("Rate limit exceeded", ProviderException.RateLimit(null).Message);
        Assert.Equal(TimeSpan.FromSeconds(5), ProviderException.Timeout("wait", TimeSpan.FromSeconds(300)).RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(2), ProviderException.Network("down").RetryAfter);
        Assert.True(ProviderException.Timeout("wait", TimeSpan.FromSeconds(1)).IsRetryable);
        Assert.False(ProviderException.Authentication("digitalocean", "bad").IsRetryable);
        Assert.False(ProviderException.NotFound("instance", "1").IsRetryable);
        Assert.Null(ProviderException.Api(500, "x").RetryAfter);
        Assert.Equal("Authentication failed for digitalocean: Invalid token", ProviderException.Authentication("digitalocean", "Invalid token").Message);
        Assert.Equal("instance not found: 123456", ProviderException.NotFound("instance", "123456").Message);
        Assert.Equal("API error (401): Unauthorized", ProviderException.Api(401, "Unauthorized").Message);
        Assert.Contains("timed out after 300 s", ProviderException.Timeout("wait_ready", TimeSpan.FromSeconds(300)).Message);
        Assert.Equal("size", ProviderException.InvalidConfig("size", "bad").Field);
        Assert.Equal(ProviderErrorKind.QuotaExceeded, ProviderException.QuotaExceeded("droplets", "limit").Kind);
        Assert.Equal(ProviderErrorKind.NotSupported, ProviderException.NotSupported("snapshots").Kind);
        Assert.Equal(ProviderErrorKind.NotImplemented, ProviderException.NotImplemented("x").Kind);
        Assert.Equal(ProviderErrorKind.Other, ProviderException.Other("x").Kind);
    }

    [Fact]
    public void Registry_WithDefaults_RegistersEveryProviderAndCreatesDigitalOceanByAlias()
    {
        var registry = ProviderRegistry.WithDefaults();
        Assert.Equal(ProviderTypeInfo.All, registry.RegisteredProviders());
        Assert.Contains(ProviderType.DigitalOcean, registry.ImplementedProviders());
        var provider = registry.CreateByName("DO", "token");
        Assert.Equal("digitalocean", provider.Name);
    }

    [Fact]
    public void Registry_CreateByName_UnknownGivesUnknownProvider()
    {
        var error = Assert.Throws<ProviderException>(() => ProviderRegistry.WithDefaults().CreateByName("azure", "t"));
        Assert.Equal(ProviderErrorKind.UnknownProvider, error.Kind);
        Assert.Contains("hetzner", error.SupportedProviders);
    }

    [Fact]
    public void Registry_EmptyOrPlaceholder_GivesNotImplemented()
    {
        var empty = new ProviderRegistry();
        Assert.Empty(empty.RegisteredProviders());
        var error = Assert.Throws<ProviderException>(() => empty.CreateByName("digitalocean", "t"));
        Assert.Equal(ProviderErrorKind.NotImplemented, error.Kind);

        var planned = new ProviderRegistry().Register(new Spuff.Providers.PlannedProviderFactory(ProviderType.Hetzner));
        Assert.Equal(new[] { ProviderType.Hetzner }, planned.RegisteredProviders());
        Assert.Empty(planned.ImplementedProviders());
        Assert.Equal(ProviderErrorKind.NotImplemented, Assert.Throws<ProviderException>(() => planned.CreateByName("hcloud", "t")).Kind);
    }

    [Fact]
    public void Registry_Register_ReplacesTheFactoryOfThatType()
    {
        var registry = new ProviderRegistry()
            .Register(new Spuff.Providers.PlannedProviderFactory(ProviderType.DigitalOcean))
            .Register(new Spuff.Providers.DigitalOcean.DigitalOceanFactory());
        Assert.Equal(new[] { ProviderType.DigitalOcean }, registry.ImplementedProviders());
    }
}
