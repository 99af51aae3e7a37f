using Amazon.EC2;
using Amazon.EC2.Model;
using Spuff.Providers.Aws;
using Xunit;

namespace Spuff.Core.Tests.Aws;

/// <summary>EC2 models → Spuff's, and the derived ClientToken, without a peer.</summary>
public sealed class AwsMappingTests
{
    [Theory]
    [InlineData("pending", InstanceStatusKind.New)]
    [InlineData("running", InstanceStatusKind.Active)]
    [InlineData("stopping", InstanceStatusKind.Off)]
    [InlineData("stopped", InstanceStatusKind.Off)]
    [InlineData("shutting-down", InstanceStatusKind.Archive)]
    [InlineData("terminated", InstanceStatusKind.Archive)]
    [InlineData("hibernating", InstanceStatusKind.Unknown)]
    public void FromState_MapsAndKeepsTheRawName(string state, InstanceStatusKind kind)
    {
        var status = AwsStatusMap.FromState(state);

        Assert.Equal(kind, status.Kind);
        Assert.Equal(state, status.Raw);
    }

    [Fact]
    public void ToInstance_RunningWithoutPublicIp_IsNotReady()
    {
        var instance = Instance("running", publicIp: null);

        var mapped = AwsMapper.ToInstance(instance, "us-east-1");

        Assert.Equal(InstanceStatusKind.Active, mapped.GetStatus().Kind);
        Assert.Null(mapped.IPAddress);
        Assert.False(mapped.IsReady);
    }

    [Fact]
    public void ToInstance_MapsEveryField()
    {
        var instance = Instance("running", "203.0.113.7");

        var mapped = AwsMapper.ToInstance(instance, "us-east-1");

        Assert.True(mapped.IsReady);
        Assert.Equal("i-0123456789abcdef0", mapped.Id);
        Assert.Equal("dev", mapped.Name);
        Assert.Equal("aws", mapped.Provider);
        Assert.Equal("eu-west-1", mapped.Region);
        Assert.Equal("t3.small", mapped.Size);
        Assert.Equal("ami-0123456789abcdef0", mapped.Image);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), mapped.CreatedAt);
        Assert.Equal(new Dictionary<string, string> { ["managed-by"] = "spuff", ["team"] = "core" }, mapped.Labels);
    }

    [Theory]
    [InlineData("us-east-1a", "us-east-1")]
    [InlineData("eu-central-1b", "eu-central-1")]
    [InlineData("ap-southeast-2c", "ap-southeast-2")]
    [InlineData(null, "us-east-1")]
    [InlineData("weird", "us-east-1")]
    public void RegionOf_ZoneToRegion(string? zone, string region)
    {
        Assert.Equal(region, AwsMapper.RegionOf(zone, "us-east-1"));
    }

    [Fact]
    public void ClientToken_SameRequest_SameTokens()
    {
        var first = AwsIdempotency.Candidates(Request(), "us-east-1", null, "t3.micro", "key");
        var second = AwsIdempotency.Candidates(Request(), "us-east-1", null, "t3.micro", "key");

        Assert.Equal(first, second);
        Assert.Equal(AwsIdempotency.Generations, first.Count);
        Assert.All(first, t => Assert.InRange(t.Length, 1, 64));
        Assert.Equal(first.Count, first.Distinct().Count());
    }

    [Theory]
    [InlineData("name")]
    [InlineData("label")]
    [InlineData("userdata")]
    [InlineData("image")]
    [InlineData("size")]
    public void ClientToken_AnyChange_OtherToken(string change)
    {
        var changed = Request();
        var size = "t3.micro";
        switch (change)
        {
            case "name": changed.Name = "other"; break;
            case "label": changed.Labels["team"] = "ops"; break;
            case "userdata": changed.UserData = "#!/bin/sh\necho bye\n"; break;
            case "image": changed.Image = ImageSpec.Debian("12"); break;
            case "size": size = "t3.small"; break;
        }

        Assert.NotEqual(
            AwsIdempotency.Candidates(Request(), "us-east-1", null, "t3.micro", "key")[0],
            AwsIdempotency.Candidates(changed, "us-east-1", null, size, "key")[0]);
    }

    [Fact]
    public void ClientToken_CallerToken_IsUsedAsItIs()
    {
        var request = Request();
        request.IdempotencyToken = "my-token";

        Assert.Equal(new[] { "my-token" }, AwsIdempotency.Candidates(request, "us-east-1", null, "t3.micro", null));
    }

    private static InstanceRequest Request() =>
        new InstanceRequest("dev").WithLabel("team", "core").WithUserData("#!/bin/sh\necho hi\n");

    private static Instance Instance(string state, string? publicIp) => new()
    {
        InstanceId = "i-0123456789abcdef0",
        State = new InstanceState { Name = InstanceStateName.FindValue(state) },
        PublicIpAddress = publicIp,
        Placement = new Placement { AvailabilityZone = "eu-west-1c" },
        InstanceType = InstanceType.T3Small,
        ImageId = "ami-0123456789abcdef0",
        LaunchTime = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc),
        Tags = new List<Tag> { new("Name", "dev"), new("managed-by", "spuff"), new("team", "core"), new(AwsTags.ClientTokenKey, "spuff-x-1") },
    };

    [Fact]
    public void Validation_SizeWithTrailingLineBreak_IsInvalidConfigSize()
    {
        // .NET's $ also matches before a final line break: "t3.micro\n" passed the pattern and went to EC2.
        var error = Assert.Throws<ProviderException>(() => AwsValidation.Request(new InstanceRequest("web-1", null, "t3.micro\n"), "us-east-1"));

        Assert.Equal("Size", error.Field);
    }
}
