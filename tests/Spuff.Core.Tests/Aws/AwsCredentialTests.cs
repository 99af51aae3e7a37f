using System.Net;
using System.Net.Sockets;
using Spuff.Providers.Aws;
using Xunit;

namespace Spuff.Core.Tests.Aws;

/// <summary>Credentials, region, endpoint and the failures of each, through the factory and against moto.</summary>
[Collection(MotoCollection.Name)]
public sealed class AwsCredentialTests : IAsyncLifetime
{
    private readonly MotoFixture _moto;

    public AwsCredentialTests(MotoFixture moto)
    {
        _moto = moto;
    }

    public Task InitializeAsync() => _moto.PrepareAsync();

    public Task DisposeAsync() => _moto.PrepareAsync();

    [Fact]
    public void Create_WithToken_ThrowsInvalidConfigToken()
    {
        var options = _moto.Options();
        options.Token = "abc";

        var error = Assert.Throws<ProviderException>(() => new AwsFactory().Create(options));

        Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
        Assert.Equal("Token", error.Field);
        Assert.Contains("-ProfileName", error.Message);
        Assert.DoesNotContain("abc", error.Message);
    }

    [Theory]
    [InlineData("http://ec2.example.com", false)]
    [InlineData("ftp://127.0.0.1", false)]
    [InlineData("https://ec2.example.com", true)]
    [InlineData("http://localhost:4566", true)]
    [InlineData("http://[::1]:4566", true)]
    public void Create_Endpoint_NonLoopbackMustBeHttps(string endpoint, bool accepted)
    {
        var options = _moto.Options();
        options.Endpoint = new Uri(endpoint);

        if (accepted)
        {
            Assert.IsType<AwsProvider>(new AwsFactory().Create(options));
        }
        else
        {
            var error = Assert.Throws<ProviderException>(() => new AwsFactory().Create(options));
            Assert.Equal("Endpoint", error.Field);
        }
    }

    [Fact]
    public async Task Create_EndpointVariable_IsUsedWhenOptionsHaveNone()
    {
        using var scope = new EnvironmentScope().Set(AwsFactory.EndpointVariable, _moto.Endpoint.ToString());
        var options = _moto.Options();
        options.Endpoint = null;

        var provider = new AwsFactory().Create(options);

        Assert.NotNull(await provider.GetSshKeysAsync());
    }

    [Fact]
    public void Create_MalformedEndpointVariable_ThrowsInvalidConfig()
    {
        using var scope = new EnvironmentScope().Set(AwsFactory.EndpointVariable, "not a url");
        var options = _moto.Options();
        options.Endpoint = null;

        var error = Assert.Throws<ProviderException>(() => new AwsFactory().Create(options));

        Assert.Equal("Endpoint", error.Field);
    }

    [Fact]
    public void Create_InvalidRegion_ThrowsInvalidConfigRegion()
    {
        var options = _moto.Options();
        options.Region = "Mars";

        var error = Assert.Throws<ProviderException>(() => new AwsFactory().Create(options));

        Assert.Equal("Region", error.Field);
    }

    [Fact]
    public void Create_UnknownProfile_ThrowsAuthenticationBeforeAnyCall()
    {
        using var scope = new EnvironmentScope().WithoutAwsCredentials();
        var options = _moto.Options();
        options.ProfileName = "spuff-no-such-profile";

        var error = Assert.Throws<ProviderException>(() => new AwsFactory().Create(options));

        Assert.Equal(ProviderErrorKind.Authentication, error.Kind);
        Assert.Contains("spuff-no-such-profile", error.Message);
        Assert.Contains("aws configure", error.Message);
    }

    [Fact]
    public void Create_Profile_UsesItsRegion()
    {
        using var scope = new EnvironmentScope().WithoutAwsCredentials();
        var options = _moto.Options();
        options.Region = null;
        options.ProfileName = MotoFixture.ProfileName;

        var provider = (AwsProvider)new AwsFactory().Create(options);

        // No call: moto 5.2.1 fails to open a second region when MOTO_AMIS_PATH has creation dates.
        Assert.Equal(MotoFixture.ProfileRegion, provider.Region);
    }

    [Fact]
    public void Create_RegionFromEnvironmentOrDefault()
    {
        using var scope = new EnvironmentScope().WithoutAwsCredentials().Set("AWS_ACCESS_KEY_ID", "testing").Set("AWS_SECRET_ACCESS_KEY", "testing");
        var options = _moto.Options();
        options.Region = null;
        Assert.Equal(AwsSettings.FallbackRegion, ((AwsProvider)new AwsFactory().Create(options)).Region);

        scope.Set("AWS_DEFAULT_REGION", "ap-south-1");
        Assert.Equal("ap-south-1", ((AwsProvider)new AwsFactory().Create(options)).Region);

        scope.Set("AWS_REGION", "eu-north-1");
        Assert.Equal("eu-north-1", ((AwsProvider)new AwsFactory().Create(options)).Region);

        options.Region = "sa-east-1";
        Assert.Equal("sa-east-1", ((AwsProvider)new AwsFactory().Create(options)).Region);
    }

    [Fact]
    public void Create_NoCredentialsAnywhere_ThrowsAuthenticationWithFixBeforeAnyCall()
    {
        using var scope = new EnvironmentScope().WithoutAwsCredentials();

        var error = Assert.Throws<ProviderException>(() => new AwsFactory().Create(_moto.Options()));

        Assert.Equal(ProviderErrorKind.Authentication, error.Kind);
        Assert.Equal("aws", error.Provider);
        Assert.Contains("AWS_ACCESS_KEY_ID", error.Message);
    }

    [Fact]
    public async Task Calls_RejectedCredentials_ThrowAuthenticationWithCodeAndRequestId()
    {
        var provider = new AwsFactory().Create(_moto.Options());
        await _moto.SetAuthAsync(true);
        try
        {
            var error = await Assert.ThrowsAsync<ProviderException>(async () =>
            {
                await foreach (var unused in provider.ListInstancesAsync())
                {
                }
            });

            Assert.Equal(ProviderErrorKind.Authentication, error.Kind);
            Assert.Equal("AuthFailure", error.ErrorCode);
            Assert.Equal(401, error.StatusCode);
            Assert.Contains("AuthFailure", error.Message);
        }
        finally
        {
            await _moto.SetAuthAsync(false);
        }
    }

    [Fact]
    public async Task Calls_NothingListening_ThrowNetwork()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var options = _moto.Options();
        options.Endpoint = new Uri($"http://127.0.0.1:{port}");
        var provider = new AwsFactory().Create(options);

        var error = await Assert.ThrowsAsync<ProviderException>(() => provider.GetInstanceAsync("i-0123456789abcdef0"));

        Assert.Equal(ProviderErrorKind.Network, error.Kind);
        Assert.True(error.IsRetryable);
    }

    [Fact]
    public void Registry_AwsAndEc2_CreateTheAwsProvider()
    {
        var registry = ProviderRegistry.WithDefaults();

        Assert.Contains(ProviderType.Aws, registry.ImplementedProviders());
        Assert.True(registry.GetFactory(ProviderType.Aws)!.SupportsSnapshots);
        Assert.IsType<AwsProvider>(registry.CreateByName("ec2", _moto.Options()));
        Assert.Equal("aws", registry.CreateByName("AWS", _moto.Options()).Name);
    }
}
