using Amazon.EC2;
using Amazon.EC2.Model;
using Spuff.Providers.Aws;
using Xunit;

namespace Spuff.Core.Tests.Aws;

/// <summary>How the snapshot wait reads an AMI's state; moto's images are available at once, so the rest is here.</summary>
public sealed class AwsSnapshotStateTests
{
    [Fact]
    public void Judge_Available_IsDone()
    {
        Assert.True(AwsSnapshots.Judge("ami-0123456789abcdef0", new Image { ImageId = "ami-0123456789abcdef0", State = ImageState.Available }).IsDone);
    }

    [Fact]
    public void Judge_PendingOrNotVisibleYet_KeepsWaiting()
    {
        var pending = AwsSnapshots.Judge("ami-0123456789abcdef0", new Image { State = ImageState.Pending });
        var missing = AwsSnapshots.Judge("ami-0123456789abcdef0", null);

        Assert.False(pending.IsDone);
        Assert.Null(pending.Failure);
        Assert.Equal("pending", pending.Status);
        Assert.False(missing.IsDone);
        Assert.Null(missing.Failure);
    }

    [Theory]
    [InlineData("failed")]
    [InlineData("error")]
    [InlineData("invalid")]
    public void Judge_FailedState_FailsWithTheStateReason(string state)
    {
        var image = new Image
        {
            State = ImageState.FindValue(state),
            StateReason = new StateReason { Code = "Client.InternalError", Message = "Snapshot of volume failed" },
        };

        var decision = AwsSnapshots.Judge("ami-0123456789abcdef0", image);

        Assert.NotNull(decision.Failure);
        Assert.Equal(ProviderErrorKind.Api, decision.Failure!.Kind);
        Assert.Contains("Snapshot of volume failed", decision.Failure.Message);
        Assert.Equal("ami-0123456789abcdef0", decision.Failure.ResourceId);
        Assert.Equal("Client.InternalError", decision.Failure.ErrorCode);
    }
}
