using Amazon.EC2;
using Amazon.EC2.Model;
using Spuff.Core.Tests.Contract;
using Xunit;

namespace Spuff.Core.Tests.Aws;

/// <summary>The shared provider contract, run against moto.</summary>
[Collection(MotoCollection.Name)]
public sealed class AwsContractTests : ProviderContractTests
{
    private readonly MotoFixture _moto;

    public AwsContractTests(MotoFixture moto)
    {
        _moto = moto;
    }

    protected override string MissingInstanceId => "i-0123456789abcdef0";

    protected override string MissingSnapshotId => "ami-0123456789abcdef0";

    protected override string ExpectedName => "aws";

    protected override async Task<IProvider> CreateProviderAsync()
    {
        await _moto.PrepareAsync();
        return _moto.CreateProvider();
    }

    protected override InstanceRequest NewRequest(string name) => new(name);

    protected override async Task<string> CreateUnmanagedInstanceAsync()
    {
        using var ec2 = _moto.Ec2();
        var response = await ec2.RunInstancesAsync(new RunInstancesRequest
        {
            ImageId = MotoFixture.Ubuntu2204,
            InstanceType = InstanceType.T3Micro,
            MinCount = 1,
            MaxCount = 1,
            TagSpecifications = new List<TagSpecification>
            {
                new() { ResourceType = ResourceType.Instance, Tags = new List<Tag> { new("Name", "not-spuff"), new("managed-by", "terraform") } },
            },
        });
        return response.Reservation.Instances[0].InstanceId;
    }
}
