using Spuff.Core;
using Spuff.Providers.Http;
using Xunit;

namespace Spuff.Core.Tests.Credentials;

public sealed class EndpointResolverTests
{
    private static readonly Uri DigitalOcean = new("https://api.digitalocean.com/v2/");
    private static readonly Uri Hetzner = new("https://api.hetzner.cloud/v1/");

    [Theory]
    [InlineData("http://127.0.0.1:8080", "http://127.0.0.1:8080/v2/")]
    [InlineData("http://127.0.0.1:8080/", "http://127.0.0.1:8080/v2/")]
    [InlineData("http://127.0.0.1:8080/v2", "http://127.0.0.1:8080/v2/")]
    [InlineData("http://127.0.0.1:8080/v2/", "http://127.0.0.1:8080/v2/")]
    [InlineData("https://proxy.example.com/do", "https://proxy.example.com/do/v2/")]
    [InlineData("https://proxy.example.com/do/V2/", "https://proxy.example.com/do/V2/")]
    [InlineData("http://[::1]:9", "http://[::1]:9/v2/")]
    public void Resolve_WithOrWithoutVersion_EndsInTheApiVersion(string given, string expected)
    {
        Assert.Equal(expected, EndpointResolver.Resolve(null, "SPUFF_TEST_ENDPOINT", DigitalOcean, given).ToString());
        Assert.Equal(expected, EndpointResolver.Resolve(new Uri(given), "SPUFF_TEST_ENDPOINT", DigitalOcean, null).ToString());
    }

    [Fact]
    public void Resolve_HetznerHostAlone_AddsV1()
    {
        Assert.Equal("http://127.0.0.1:8080/v1/", EndpointResolver.Resolve(null, "X", Hetzner, "http://127.0.0.1:8080").ToString());
        Assert.Equal("http://127.0.0.1:8080/v1/", EndpointResolver.Resolve(null, "X", Hetzner, " http://127.0.0.1:8080/v1 ").ToString());
    }

    [Fact]
    public void Resolve_Nothing_IsProduction()
    {
        Assert.Same(DigitalOcean, EndpointResolver.Resolve(null, "X", DigitalOcean, null));
        Assert.Same(DigitalOcean, EndpointResolver.Resolve(null, "X", DigitalOcean, "  "));
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/v1", "/v1")]
    [InlineData("http://127.0.0.1:8080/v3/", "/v3")]
    [InlineData("http://example.com", "HTTPS")]
    [InlineData("ftp://127.0.0.1", "http(s)")]
    [InlineData("not a url", "absolute URL")]
    [InlineData("https://example.com/?x=1", "query")]
    [InlineData("https://user:pw@example.com/", "user name")]
    public void Resolve_BadOverride_IsInvalidConfigNamingTheVariable(string given, string fragment)
    {
        var error = Assert.Throws<ProviderException>(() => EndpointResolver.Resolve(null, "SPUFF_DIGITALOCEAN_ENDPOINT", DigitalOcean, given));
        Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
        Assert.Contains("SPUFF_DIGITALOCEAN_ENDPOINT", error.Message);
        Assert.Contains(fragment, error.Message);
        Assert.DoesNotContain("pw@", error.Message.Replace("user:pw@example.com", string.Empty));
    }

    [Fact]
    public void Report_LoopbackOverride_IsVerboseOnly()
    {
        var log = new RecordingLog();
        EndpointResolver.Report(log, "DigitalOcean", new Uri("http://127.0.0.1:9/v2/"), DigitalOcean, "$env:SPUFF_DIGITALOCEAN_ENDPOINT", sendsToken: true);
        var line = Assert.Single(log.Lines);
        Assert.Equal(ProviderLogLevel.Verbose, line.Level);
        Assert.Contains("http://127.0.0.1:9/v2/", line.Message);
        Assert.Contains("$env:SPUFF_DIGITALOCEAN_ENDPOINT", line.Message);
    }

    [Fact]
    public void Report_RemoteOverride_WarnsThatTheTokenGoesThere()
    {
        var log = new RecordingLog();
        EndpointResolver.Report(log, "Hetzner Cloud", new Uri("https://proxy.example.com/v1/"), Hetzner, "$env:SPUFF_HETZNER_ENDPOINT", sendsToken: true);
        Assert.Contains(log.Lines, l => l.Level == ProviderLogLevel.Warning && l.Message.Contains("proxy.example.com") && l.Message.Contains("api.hetzner.cloud"));
    }

    [Fact]
    public void Report_ProductionOrSameSite_SaysNothingOrNoWarning()
    {
        var log = new RecordingLog();
        EndpointResolver.Report(log, "DigitalOcean", DigitalOcean, DigitalOcean, "x", sendsToken: true);
        Assert.Empty(log.Lines);
        EndpointResolver.Report(log, "AWS", new Uri("https://ec2.eu-west-1.amazonaws.com/"), new Uri("https://ec2.amazonaws.com/"), "x", sendsToken: true);
        Assert.DoesNotContain(log.Lines, l => l.Level == ProviderLogLevel.Warning);
    }

    private sealed class RecordingLog : IProviderLog
    {
        public List<(ProviderLogLevel Level, string Message)> Lines { get; } = new();

        public void Write(ProviderLogLevel level, string message) => Lines.Add((level, message));
    }
}
