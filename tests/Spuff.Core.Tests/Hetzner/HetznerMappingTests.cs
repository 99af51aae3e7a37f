using Spuff.Core;
using Spuff.Providers;
using Spuff.Providers.Hetzner;
using Xunit;

namespace Spuff.Core.Tests.Hetzner;

public sealed class HetznerMappingTests
{
    [Theory]
    [InlineData("initializing", InstanceStatusKind.New)]
    [InlineData("starting", InstanceStatusKind.New)]
    [InlineData("running", InstanceStatusKind.Active)]
    [InlineData("stopping", InstanceStatusKind.Off)]
    [InlineData("off", InstanceStatusKind.Off)]
    [InlineData("deleting", InstanceStatusKind.Archive)]
    [InlineData("migrating", InstanceStatusKind.Unknown)]
    [InlineData("rebuilding", InstanceStatusKind.Unknown)]
    [InlineData("unknown", InstanceStatusKind.Unknown)]
    public void StatusMap_HetznerState_MapsAndKeepsTheRawWord(string raw, InstanceStatusKind kind)
    {
        var status = HetznerStatusMap.Map(raw);
        Assert.Equal(kind, status.Kind);
        Assert.Equal(raw, status.Raw);
    }

    [Theory]
    [InlineData("env", "prod")]
    [InlineData("example.com/my", "label")]
    [InlineData("just-a-key", "")]
    [InlineData("a_b.c-d", "X.y_z-1")]
    public void Labels_Valid_AreKeptAsTheyAre(string key, string value)
    {
        var labels = HetznerLabels.ForCreate(new Dictionary<string, string> { [key] = value });
        Assert.Equal(value, labels[key]);
        Assert.Equal("spuff", labels["managed-by"]);
    }

    [Theory]
    [InlineData("-bad", "v")]
    [InlineData("bad-", "v")]
    [InlineData("has space", "v")]
    [InlineData("ünïcode", "v")]
    [InlineData("hetzner.cloud/x", "v")]
    [InlineData("Upper_Case.Domain/x", "v")]
    [InlineData("k", "-v")]
    [InlineData("k", "a b")]
    [InlineData("k", "colon:value")]
    [InlineData("managed-by", "someone-else")]
    [InlineData("", "v")]
    public void Labels_Invalid_AreRejectedNamingTheField(string key, string value)
    {
        var error = Assert.Throws<ProviderException>(() => HetznerLabels.ForCreate(new Dictionary<string, string> { [key] = value }));
        Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
        Assert.Equal("Label", error.Field);
    }

    [Fact]
    public void Labels_TooLongKeyOrValue_AreRejected()
    {
        Assert.Throws<ProviderException>(() => HetznerLabels.Validate(new string('k', 64), "v"));
        Assert.Throws<ProviderException>(() => HetznerLabels.Validate("k", new string('v', 64)));
        HetznerLabels.Validate(new string('k', 63), new string('v', 63));
    }

    [Theory]
    [InlineData("web-1")]
    [InlineData("a")]
    [InlineData("dev.example.com")]
    [InlineData("Web01")]
    public void ServerName_Hostname_IsAccepted(string name) => Assert.Equal(name, HetznerValidation.ServerName(name));

    [Theory]
    [InlineData("")]
    [InlineData("-web")]
    [InlineData("web-")]
    [InlineData("web_1")]
    [InlineData("web 1")]
    [InlineData("a..b")]
    public void ServerName_NotAHostname_IsInvalidConfigNamingName(string name)
    {
        var error = Assert.Throws<ProviderException>(() => HetznerValidation.ServerName(name));
        Assert.Equal("Name", error.Field);
    }

    [Fact]
    public void ServerName_LabelLongerThan63_IsRejected() =>
        Assert.Throws<ProviderException>(() => HetznerValidation.ServerName(new string('a', 64)));

    [Fact]
    public async Task CreateInstance_BadInput_FailsBeforeAnyCall()
    {
        using var stub = new HetznerStub();
        var provider = stub.Provider();
        var cases = new (InstanceRequest Request, string Field)[]
        {
            (new InstanceRequest("bad_name"), "Name"),
            (new InstanceRequest("web-1").WithLabel("hetzner.cloud/x", "y"), "Label"),
            (new InstanceRequest("web-1").WithUserData(new string('x', 32 * 1024 + 1)), "UserData"),
            (new InstanceRequest("web-1").WithImage(ImageSpec.Snapshot("latest")), "Image"),
            (new InstanceRequest("web-1", "fsn1 ", "cx 23"), "Size"),
            (new InstanceRequest("web-1", "fs/n1", null), "Region"),
            (new InstanceRequest("web-1").WithSshKey(" "), "SshKey"),
        };

        foreach (var (request, field) in cases)
        {
            var error = await Assert.ThrowsAsync<ProviderException>(() => provider.CreateInstanceAsync(request));
            Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
            Assert.Equal(field, error.Field);
        }

        Assert.Equal(0, stub.RequestCount);
    }

    [Fact]
    public void UserData_Exactly32KiB_IsAccepted() =>
        Assert.NotNull(HetznerValidation.UserData(new string('x', 32 * 1024)));

    [Theory]
    [InlineData("hetzner")]
    [InlineData("hcloud")]
    [InlineData("HCloud")]
    public void Registry_NameOrAlias_MakesAHetznerProvider(string name)
    {
        var provider = ProviderRegistry.WithDefaults().CreateByName(name, new ProviderOptions { Token = "t", Endpoint = new Uri("http://127.0.0.1:9/v1") });
        Assert.IsType<HetznerProvider>(provider);
        Assert.Equal("hetzner", provider.Name);
        Assert.True(provider.SupportsSnapshots);
        Assert.IsAssignableFrom<IProviderCatalog>(provider);
    }

    [Fact]
    public void Factory_EmptyToken_IsAuthenticationBeforeAnyCall()
    {
        var error = Assert.Throws<ProviderException>(() => new HetznerFactory().Create(new ProviderOptions { Token = "  " }));
        Assert.Equal(ProviderErrorKind.Authentication, error.Kind);
        Assert.Contains("HETZNER_TOKEN", error.Message);
    }

    [Fact]
    public void Factory_PlainHttpToAnotherHost_IsInvalidConfig()
    {
        var error = Assert.Throws<ProviderException>(() => new HetznerFactory().Create(new ProviderOptions { Token = "t", Endpoint = new Uri("http://api.example.com/v1") }));
        Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
        Assert.Equal("Endpoint", error.Field);
    }

    [Fact]
    public void Factory_Settings_RetryConflictAndLockedForIdempotentCalls()
    {
        var settings = HetznerFactory.CreateSettings(new ProviderOptions { Token = "t" });
        Assert.Contains(409, settings.IdempotentRetryStatuses);
        Assert.Contains(423, settings.IdempotentRetryStatuses);
        Assert.Contains(503, settings.IdempotentRetryStatuses);
        Assert.Equal(new Uri("https://api.hetzner.cloud/v1/"), settings.BaseAddress);
        Assert.Contains(BuiltInProviders.Factories, f => f is HetznerFactory && f.IsImplemented);
    }
}
