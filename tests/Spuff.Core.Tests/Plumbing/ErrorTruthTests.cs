using System.Net;
using Amazon.EC2;
using Amazon.Runtime;
using Spuff.Core.Tests.DigitalOcean;
using Spuff.Core.Tests.Hetzner;
using Spuff.Providers.Aws;
using Spuff.Providers.Http;
using Xunit;

namespace Spuff.Core.Tests.Plumbing;

/// <summary>Issue 9 §6: errors say what really happened and name the cmdlet's parameters, never wire fields.</summary>
public sealed class ErrorTruthTests : IDisposable
{
    private readonly DoStub _do = new();
    private readonly HetznerStub _hetzner = new();

    public void Dispose()
    {
        _do.Dispose();
        _hetzner.Dispose();
    }

    [Theory]
    [InlineData("creating this/these droplet(s) will exceed your droplet limit")]
    [InlineData("Creating this droplet will exceed your droplet limit.")]
    [InlineData("You have exceeded the snapshot limit of your account.")]
    public async Task DigitalOcean422_LimitInMessage_IsQuotaExceeded(string message)
    {
        _do.SshKeys(1);
        _do.Reply(_do.Path("droplets", "POST"), 422, DoStub.Error("unprocessable_entity", message));

        var error = await Assert.ThrowsAsync<ProviderException>(() => _do.Provider().CreateInstanceAsync(new InstanceRequest("web-1")));

        Assert.Equal(ProviderErrorKind.QuotaExceeded, error.Kind);
        Assert.Equal("unprocessable_entity", error.ErrorCode);
    }

    [Theory]
    [InlineData(429, "too_many_requests", "API rate limit exceeded", ProviderErrorKind.RateLimit)]
    [InlineData(500, "server_error", "limit exceeded while processing", ProviderErrorKind.Api)]
    public async Task DigitalOcean_LimitInMessageOfAnotherStatus_KeepsTheStatusKind(int status, string id, string message, ProviderErrorKind expected)
    {
        _do.Reply(_do.Path("account/keys"), status, DoStub.Error(id, message), new Dictionary<string, string> { ["retry-after"] = "0" });

        var error = await Assert.ThrowsAsync<ProviderException>(() => _do.Provider().CreateInstanceAsync(new InstanceRequest("web-1")));

        Assert.Equal(expected, error.Kind);
    }

    [Theory]
    [InlineData("Region is not available.", "Region")]
    [InlineData("size 's-99vcpu' is not available in this region", "Size")]
    [InlineData("You specified an invalid image for Droplet creation.", "Image")]
    [InlineData("user_data is too long", "UserData")]
    [InlineData("Something else went wrong.", null)]
    public async Task DigitalOcean422_FieldInProse_NamesTheCmdletParameter(string message, string? parameter)
    {
        _do.SshKeys(1);
        _do.Reply(_do.Path("droplets", "POST"), 422, DoStub.Error("unprocessable_entity", message));

        var error = await Assert.ThrowsAsync<ProviderException>(() => _do.Provider().CreateInstanceAsync(new InstanceRequest("web-1")));

        Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
        Assert.Equal(parameter, error.Field);
        Assert.DoesNotContain("-request", error.Message);
    }

    [Theory]
    [InlineData("server_type", "Size")]
    [InlineData("location", "Region")]
    [InlineData("image", "Image")]
    [InlineData("ssh_keys", "SshKey")]
    [InlineData("user_data", "UserData")]
    [InlineData("labels", "Label")]
    [InlineData("name", "Name")]
    [InlineData("volumes", null)]
    public async Task HetznerInvalidInput_DetailsFields_NamesTheCmdletParameter(string field, string? parameter)
    {
        _hetzner.Json(_hetzner.Path("ssh_keys"), 200, new { ssh_keys = Array.Empty<object>(), meta = HetznerStub.Page(1, null) });
        _hetzner.Error(_hetzner.Path("servers", "POST"), 422, "invalid_input", $"invalid input in field '{field}'",
            new { fields = new[] { new { name = field, messages = new[] { "is invalid" } } } });

        var error = await Assert.ThrowsAsync<ProviderException>(() => _hetzner.Provider().CreateInstanceAsync(new InstanceRequest("web-1")));

        Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
        Assert.Equal(parameter, error.Field);
    }

    [Fact]
    public async Task HetznerResourceUnavailable_ServerTypeInProse_NamesSize()
    {
        _hetzner.Json(_hetzner.Path("ssh_keys"), 200, new { ssh_keys = Array.Empty<object>(), meta = HetznerStub.Page(1, null) });
        _hetzner.Error(_hetzner.Path("servers", "POST"), 422, "resource_unavailable", "server type cx99 is not available in this location");

        var error = await Assert.ThrowsAsync<ProviderException>(() => _hetzner.Provider().CreateInstanceAsync(new InstanceRequest("web-1")));

        Assert.Equal("Size", error.Field);
    }

    [Fact]
    public async Task HetznerResourceLimitExceeded_IsQuotaExceeded()
    {
        _hetzner.Json(_hetzner.Path("ssh_keys"), 200, new { ssh_keys = Array.Empty<object>(), meta = HetznerStub.Page(1, null) });
        _hetzner.Error(_hetzner.Path("servers", "POST"), 403, "resource_limit_exceeded", "server limit exceeded", new { limits = new[] { new { name = "server_limit" } } });

        var error = await Assert.ThrowsAsync<ProviderException>(() => _hetzner.Provider().CreateInstanceAsync(new InstanceRequest("web-1")));

        Assert.Equal(ProviderErrorKind.QuotaExceeded, error.Kind);
    }

    [Theory]
    [InlineData("InstanceLimitExceeded")]
    [InlineData("VcpuLimitExceeded")]
    public void AwsLimitCodes_AreQuotaExceeded(string code)
    {
        var sdk = new AmazonEC2Exception("You have requested more instances than your current limit allows", ErrorType.Sender, code, "r", HttpStatusCode.BadRequest);
        Assert.Equal(ProviderErrorKind.QuotaExceeded, AwsErrorDecoder.Decode(sdk, "RunInstances").Kind);
    }

    [Theory]
    [InlineData("InvalidParameterValue", "Value (t9.nano) for parameter instanceType is invalid.", "Size")]
    [InlineData("InvalidParameterValue", "Invalid value 'x' for parameter imageId", "Image")]
    [InlineData("InvalidKeyPair.NotFound", "The key pair 'k' does not exist", "SshKey")]
    [InlineData("InvalidParameterCombination", "Network interfaces and an instance-level security groups may not be specified", null)]
    public void AwsInvalidParameter_NamesTheCmdletParameter(string code, string message, string? parameter)
    {
        var sdk = new AmazonEC2Exception(message, ErrorType.Sender, code, "r", HttpStatusCode.BadRequest);
        var error = AwsErrorDecoder.Decode(sdk, "RunInstances");
        Assert.Equal(parameter, error.Field);
        Assert.DoesNotContain("Invalid configuration for Request", error.Message);
    }

    [Theory]
    [InlineData("ftp://evil.example/v2/droplets?page=2")]
    [InlineData(@"\\evil\share\droplets")]
    [InlineData("file:///etc/passwd")]
    [InlineData("mailto:someone@example.com")]
    public void Resolve_LinkWithOddScheme_IsAProviderErrorNotABug(string link)
    {
        using var client = new ProviderHttpClient(new HttpPipelineSettings("digitalocean", "DigitalOcean", new Uri(_do.Root + "/"), new NoDecoder()));

        var error = Assert.Throws<ProviderException>(() => client.Resolve(link));

        Assert.Equal(ProviderErrorKind.Other, error.Kind);
        Assert.Equal("digitalocean", error.Provider);
        Assert.Contains("cannot follow", error.Message);
    }

    [Fact]
    public void Resolve_HttpsLinkElsewhere_KeepsOnlyPathAndQueryOnTheConfiguredHost()
    {
        using var client = new ProviderHttpClient(new HttpPipelineSettings("digitalocean", "DigitalOcean", new Uri(_do.Root + "/"), new NoDecoder()));

        var resolved = client.Resolve("https://elsewhere.example/v2/droplets?page=2");

        Assert.Equal(new Uri(_do.Root).Authority, resolved.Authority);
        Assert.Equal("/v2/droplets", resolved.AbsolutePath);
    }

    private sealed class NoDecoder : IErrorDecoder
    {
        public ErrorPayload Parse(string body) => ErrorPayload.Empty;

        public ProviderErrorKind? KindForCode(int status, string? code) => null;
    }
}
