using Spuff.Providers.Aws;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;
using Xunit;

namespace Spuff.Core.Tests.Aws;

/// <summary>
/// The ClientToken decisions of a create (issue 9 §2). moto ignores ClientToken, so EC2's answers for a spent token
/// (IdempotentInstanceTerminated, IdempotentParameterMismatch) come from a WireMock stand-in that forwards every other
/// request to moto: the recorded error for one token, the real lifecycle for the rest.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class AwsClientTokenTests : IAsyncLifetime, IDisposable
{
    private readonly MotoFixture _moto;
    private readonly RecordingLog _log = new();
    private readonly WireMockServer _front = WireMockServer.Start(new WireMockServerSettings { Urls = new[] { "http://127.0.0.1:0" } });

    public AwsClientTokenTests(MotoFixture moto)
    {
        _moto = moto;
    }

    public async Task InitializeAsync()
    {
        await _moto.PrepareAsync();
        _front.Given(Request.Create().UsingAnyMethod()).AtPriority(100).RespondWith(Response.Create().WithProxy(_moto.Endpoint.ToString().TrimEnd('/')));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _front.Stop();

    private AwsProvider Provider() => _moto.CreateProvider(_log, o => o.Endpoint = new Uri(_front.Url!));

    private void RefuseToken(string token, string code) =>
        _front.Given(Request.Create().UsingPost().WithBody(new WildcardMatcher($"*Action=RunInstances*ClientToken={token}&*")))
            .AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(400).WithHeader("Content-Type", "text/xml")
                .WithBody($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>{code}</Code><Message>The client token {token} is spent.</Message></Error></Errors><RequestID>req-{code}</RequestID></Response>"));

    private static string Name() => "tok-" + Guid.NewGuid().ToString("N")[..8];

    [Theory]
    [InlineData("IdempotentInstanceTerminated")]
    [InlineData("IdempotentParameterMismatch")]
    public async Task CreateInstance_DerivedTokenSpent_LaunchesWithTheNextGeneration(string code)
    {
        var request = new InstanceRequest(Name());
        var root = AwsIdempotency.Derive(request, MotoFixture.Region, null, AwsProvider.DefaultSize, null);
        RefuseToken(root + "-1", code);

        var created = await Provider().CreateInstanceAsync(request);

        using var ec2 = _moto.Ec2();
        var launched = (await ec2.DescribeInstancesAsync(new Amazon.EC2.Model.DescribeInstancesRequest { InstanceIds = new List<string> { created.Id } })).Reservations[0].Instances[0];
        Assert.Equal(root + "-2", launched.ClientToken);
        Assert.Equal(2, _log.Calls("RunInstances").Count);
    }

    [Fact]
    public async Task CreateInstance_CallersTokenOfATerminatedInstance_IsInvalidConfigNamingTheToken()
    {
        var token = "mine-" + Guid.NewGuid().ToString("N")[..12];
        RefuseToken(token, "IdempotentInstanceTerminated");

        var error = await Assert.ThrowsAsync<ProviderException>(() => Provider().CreateInstanceAsync(new InstanceRequest(Name()) { IdempotencyToken = token }));

        Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
        Assert.Equal("IdempotencyToken", error.Field);
        Assert.Equal("IdempotentInstanceTerminated", error.ErrorCode);
        Assert.Single(_log.Calls("RunInstances"));
    }
}
