using System.Text;
using Amazon.EC2;
using Amazon.EC2.Model;
using PutParameterRequest = Amazon.SimpleSystemsManagement.Model.PutParameterRequest;
using Spuff.Providers.Aws;
using Xunit;

namespace Spuff.Core.Tests.Aws;

/// <summary>AWS-specific behaviour of instances, image lookup, idempotency and paging, against moto.</summary>
[Collection(MotoCollection.Name)]
public sealed class AwsProviderTests : IAsyncLifetime
{
    private readonly MotoFixture _moto;
    private readonly RecordingLog _log = new();
    private AwsProvider _provider = null!;

    public AwsProviderTests(MotoFixture moto)
    {
        _moto = moto;
    }

    public async Task InitializeAsync()
    {
        await _moto.PrepareAsync();
        _provider = _moto.CreateProvider(_log);
    }

    public Task DisposeAsync()
    {
        _provider.Dispose();
        return Task.CompletedTask;
    }

    private static string UniqueName(string prefix = "aws") => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    [Fact]
    public async Task CreateInstance_Defaults_NewestUbuntuT3MicroTaggedInstanceAndVolume()
    {
        var name = UniqueName();
        var created = await _provider.CreateInstanceAsync(new InstanceRequest(name).WithLabel("team", "core"));

        Assert.StartsWith("i-", created.Id);
        Assert.Equal("t3.micro", created.Size);
        Assert.Equal(MotoFixture.Ubuntu2404New, created.Image);
        Assert.Equal(name, created.Name);
        Assert.Equal("aws", created.Provider);
        Assert.Equal("us-east-1", created.Region);
        Assert.Equal("spuff", created.Labels["managed-by"]);
        Assert.Equal("core", created.Labels["team"]);
        Assert.False(created.Labels.ContainsKey("Name"));
        Assert.DoesNotContain(created.Labels.Keys, k => k.StartsWith("spuff-", StringComparison.Ordinal));

        using var ec2 = _moto.Ec2();
        var instance = (await ec2.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = new List<string> { created.Id } })).Reservations[0].Instances[0];
        var tags = instance.Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal("spuff", tags["managed-by"]);
        Assert.Equal(name, tags["Name"]);
        Assert.Equal("core", tags["team"]);
        Assert.Equal(instance.ClientToken, tags[AwsTags.ClientTokenKey]);
        Assert.StartsWith("spuff-", instance.ClientToken);

        var volumes = await ec2.DescribeVolumesAsync(new DescribeVolumesRequest
        {
            Filters = new List<Amazon.EC2.Model.Filter> { new("attachment.instance-id", new List<string> { created.Id }) },
        });
        var volume = Assert.Single(volumes.Volumes);
        var volumeTags = volume.Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal("spuff", volumeTags["managed-by"]);
        Assert.Equal(name, volumeTags["Name"]);
        Assert.Equal("core", volumeTags["team"]);
    }

    [Fact]
    public async Task CreateInstance_SpuffPortableLabels_RoundTripAndExpiryIsRead()
    {
        var expires = DateTimeOffset.UtcNow.AddHours(-1);
        var label = Expiry.Format(expires);
        var request = new InstanceRequest(UniqueName())
            .WithLabel(Expiry.Label, label)
            .WithLabel(LoginUser.Label, "ubuntu");

        var created = await _provider.CreateInstanceAsync(request);
        var listed = Assert.Single(await Spuff.Providers.Paging.Paginator.ToListAsync(_provider.ListInstancesAsync(ListFilter.ForLabels(new Dictionary<string, string> { [LoginUser.Label] = "ubuntu" }))), i => i.Id == created.Id);

        Assert.Equal("ubuntu", listed.Labels[LoginUser.Label]);
        Assert.Equal(label, listed.Labels[Expiry.Label]);
        Assert.InRange((listed.ExpiresAt!.Value - expires).Duration(), TimeSpan.Zero, TimeSpan.FromSeconds(1));
        Assert.True(listed.IsExpiredAt(DateTimeOffset.UtcNow));
        Assert.DoesNotContain(AwsTags.ClientTokenKey, listed.Labels.Keys);
        var refused = await Assert.ThrowsAsync<ProviderException>(() => _provider.CreateInstanceAsync(new InstanceRequest(UniqueName()).WithLabel(AwsTags.ClientTokenKey, "x")));
        Assert.Equal("Label", refused.Field);
    }

    [Fact]
    public async Task CreateInstance_UbuntuParameterInSsm_UsesTheParameterValue()
    {
        var template = $"/spuff-test/{Guid.NewGuid():N}/ubuntu/{{version}}/ami-id";
        using (var ssm = _moto.Ssm())
        {
            await ssm.PutParameterAsync(new PutParameterRequest { Name = template.Replace("{version}", "24.04"), Value = MotoFixture.Ubuntu2404Old, Type = "String" });
        }

        using var provider = _moto.CreateProvider(_log, o => o.Settings[AwsSettings.UbuntuParameterSetting] = template);
        var created = await provider.CreateInstanceAsync(new InstanceRequest(UniqueName()));

        Assert.Equal(MotoFixture.Ubuntu2404Old, created.Image);
        Assert.Single(_log.Calls("GetParameter"));
        Assert.Empty(_log.Calls("DescribeImages"));
    }

    [Fact]
    public async Task CreateInstance_NoUbuntuParameter_FallsBackToCanonicalsNewestImage()
    {
        var created = await _provider.CreateInstanceAsync(new InstanceRequest(UniqueName()).WithImage(ImageSpec.Ubuntu("22.04")));

        Assert.Equal(MotoFixture.Ubuntu2204, created.Image);
        Assert.Contains(_log.Calls("GetParameter"), l => l.Contains("ParameterNotFound", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateInstance_Debian12_UsesNewestDebianProjectImage()
    {
        var created = await _provider.CreateInstanceAsync(new InstanceRequest(UniqueName()).WithImage(ImageSpec.Parse("debian-12")));

        // Not the backports image, not the newer image of another owner that merely has a Debian-like name.
        Assert.Equal(MotoFixture.Debian12New, created.Image);
    }

    [Fact]
    public async Task CreateInstance_UnknownRelease_ThrowsInvalidConfigImage()
    {
        var error = await Assert.ThrowsAsync<ProviderException>(() => _provider.CreateInstanceAsync(new InstanceRequest(UniqueName()).WithImage(ImageSpec.Debian("99"))));

        Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
        Assert.Equal("Image", error.Field);
        Assert.Empty(_log.Calls("RunInstances"));
    }

    [Fact]
    public async Task CreateInstance_CustomAmi_PassesThrough()
    {
        var created = await _provider.CreateInstanceAsync(new InstanceRequest(UniqueName()).WithImage(ImageSpec.Parse(MotoFixture.Debian11)));

        Assert.Equal(MotoFixture.Debian11, created.Image);
        Assert.Empty(_log.Calls("DescribeImages"));
    }

    [Fact]
    public async Task CreateInstance_MissingAmi_ThrowsNotFoundWithCodeAndRequestId()
    {
        var error = await Assert.ThrowsAsync<ProviderException>(() => _provider.CreateInstanceAsync(new InstanceRequest(UniqueName()).WithImage(ImageSpec.Custom("ami-0123456789abcdef0"))));

        Assert.Equal(ProviderErrorKind.NotFound, error.Kind);
        Assert.Equal("InvalidAMIID.NotFound", error.ErrorCode);
        Assert.Equal("aws", error.Provider);
        Assert.False(string.IsNullOrEmpty(error.RequestId));
        Assert.Contains("InvalidAMIID.NotFound", error.Message);
    }

    [Fact]
    public async Task CreateInstance_ZoneOutsideTheRegion_MapsInvalidParameterValueToInvalidConfig()
    {
        var error = await Assert.ThrowsAsync<ProviderException>(() => _provider.CreateInstanceAsync(new InstanceRequest(UniqueName(), "us-east-1z", null)));

        Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
        Assert.Equal("InvalidParameterValue", error.ErrorCode);
        Assert.Equal(400, error.StatusCode);
        Assert.False(string.IsNullOrEmpty(error.RequestId));
    }

    [Fact]
    public async Task CreateInstance_ZoneOfTheRegion_PlacesTheInstanceThere()
    {
        var created = await _provider.CreateInstanceAsync(new InstanceRequest(UniqueName(), "us-east-1b", "t3.small"));

        using var ec2 = _moto.Ec2();
        var instance = (await ec2.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = new List<string> { created.Id } })).Reservations[0].Instances[0];
        Assert.Equal("us-east-1b", instance.Placement.AvailabilityZone);
        Assert.Equal("t3.small", created.Size);
        Assert.Equal("us-east-1", created.Region);
    }

    [Fact]
    public async Task CreateInstance_UnknownInstanceType_ThrowsInvalidConfigSize()
    {
        var error = await Assert.ThrowsAsync<ProviderException>(() => _provider.CreateInstanceAsync(new InstanceRequest(UniqueName(), null, "t9.gigantic")));

        Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
        Assert.Equal("Size", error.Field);
    }

    [Fact]
    public async Task CreateInstance_SameRequestTwice_ReportsTheFirstInstanceAsAlreadyExists()
    {
        var name = UniqueName();
        InstanceRequest Request() => new InstanceRequest(name, null, "t3.small").WithLabel("env", "dev").WithUserData("#!/bin/sh\necho hi\n");

        var first = await _provider.CreateInstanceAsync(Request());
        var rerun = await Assert.ThrowsAsync<ProviderException>(() => _provider.CreateInstanceAsync(Request()));

        Assert.Equal(ProviderErrorKind.AlreadyExists, rerun.Kind);
        Assert.Equal(first.Id, rerun.Instance!.Id);
        Assert.Single(_log.Calls("RunInstances"));
        Assert.Single(await InstancesNamedAsync(name));
    }

    [Fact]
    public async Task CreateInstance_SameNameOtherSize_ReportsTheFirstInstanceNotASecond()
    {
        var name = UniqueName();
        var first = await _provider.CreateInstanceAsync(new InstanceRequest(name, null, "t3.small"));

        var rerun = await Assert.ThrowsAsync<ProviderException>(() => _provider.CreateInstanceAsync(new InstanceRequest(name, null, "t3.micro")));

        Assert.Equal(ProviderErrorKind.AlreadyExists, rerun.Kind);
        Assert.Equal(first.Id, rerun.Instance!.Id);
        Assert.Single(await InstancesNamedAsync(name));
    }

    [Fact]
    public async Task CreateInstance_CallerToken_IsTheClientTokenAndMakesRetriesIdempotent()
    {
        var token = "retry-" + Guid.NewGuid().ToString("N");
        var first = await _provider.CreateInstanceAsync(new InstanceRequest(UniqueName()) { IdempotencyToken = token });
        var retried = await _provider.CreateInstanceAsync(new InstanceRequest(UniqueName()) { IdempotencyToken = token });

        Assert.Equal(first.Id, retried.Id);
        using var ec2 = _moto.Ec2();
        var instance = (await ec2.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = new List<string> { first.Id } })).Reservations[0].Instances[0];
        Assert.Equal(token, instance.ClientToken);
    }

    [Fact]
    public async Task CreateInstance_SameRequestAfterDestroy_LaunchesANewInstance()
    {
        var name = UniqueName();
        var first = await _provider.CreateInstanceAsync(new InstanceRequest(name));
        await _provider.DestroyInstanceAsync(first.Id);

        var second = await _provider.CreateInstanceAsync(new InstanceRequest(name));

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(InstanceStatusKind.Archive, (await _provider.GetInstanceAsync(first.Id))!.GetStatus().Kind);
    }

    [Fact]
    public async Task CreateInstance_UserData_IsSentBase64Encoded()
    {
        const string script = "#cloud-config\npackages: [git]\n";
        var created = await _provider.CreateInstanceAsync(new InstanceRequest(UniqueName()).WithUserData(script));

        using var ec2 = _moto.Ec2();
        var attribute = await ec2.DescribeInstanceAttributeAsync(new DescribeInstanceAttributeRequest { InstanceId = created.Id, Attribute = InstanceAttributeName.UserData });
        Assert.Equal(script, Encoding.UTF8.GetString(Convert.FromBase64String(attribute.InstanceAttribute.UserData)));
        Assert.DoesNotContain(_log.Lines, l => l.Message.Contains("cloud-config", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateInstance_UserDataOver16KB_ThrowsInvalidConfigBeforeAnyCall()
    {
        var error = await Assert.ThrowsAsync<ProviderException>(() => _provider.CreateInstanceAsync(new InstanceRequest(UniqueName()).WithUserData(new string('x', 16 * 1024 + 1))));

        Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
        Assert.Equal("UserData", error.Field);
        Assert.False(_log.AnyCall);
    }

    [Fact]
    public async Task CreateInstance_KeyPair_IsTheFirstKeyAndListedByGetSshKeys()
    {
        var keyName = UniqueName("key");
        using (var ec2 = _moto.Ec2())
        {
            await ec2.CreateKeyPairAsync(new CreateKeyPairRequest { KeyName = keyName });
        }

        var created = await _provider.CreateInstanceAsync(new InstanceRequest(UniqueName()).WithSshKey(keyName).WithSshKey("ignored-second-key"));
        var keys = await _provider.GetSshKeysAsync();

        Assert.Contains(keyName, keys);
        using var client = _moto.Ec2();
        var instance = (await client.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = new List<string> { created.Id } })).Reservations[0].Instances[0];
        Assert.Equal(keyName, instance.KeyName);
        Assert.Contains(_log.Lines, l => l.Level == ProviderLogLevel.Warning && l.Message.Contains("one key pair", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateInstance_UnknownKeyPair_ThrowsInvalidConfigNamingSshKey()
    {
        var error = await Assert.ThrowsAsync<ProviderException>(() => _provider.CreateInstanceAsync(new InstanceRequest(UniqueName()).WithSshKey("no-such-key-" + Guid.NewGuid().ToString("N"))));

        Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
        Assert.Equal("SshKey", error.Field);
        Assert.Equal("InvalidKeyPair.NotFound", error.ErrorCode);
    }

    [Theory]
    [InlineData("", null, null, "Name")]
    [InlineData("ok", null, "not a size", "Size")]
    [InlineData("ok", "eu-west-1", null, "Region")]
    [InlineData("ok", "us-west-2a", null, "Region")]
    public async Task CreateInstance_InvalidInput_ThrowsInvalidConfigBeforeAnyCall(string name, string? region, string? size, string field)
    {
        var error = await Assert.ThrowsAsync<ProviderException>(() => _provider.CreateInstanceAsync(new InstanceRequest(name, region, size)));

        Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
        Assert.Equal(field, error.Field);
        Assert.False(_log.AnyCall);
    }

    [Fact]
    public async Task CreateInstance_InvalidImageOrLabelOrToken_ThrowsInvalidConfigBeforeAnyCall()
    {
        var image = await Assert.ThrowsAsync<ProviderException>(() => _provider.CreateInstanceAsync(new InstanceRequest("x").WithImage(ImageSpec.Custom("my-image"))));
        var label = await Assert.ThrowsAsync<ProviderException>(() => _provider.CreateInstanceAsync(new InstanceRequest("x").WithLabel("aws:owner", "me")));
        var reserved = await Assert.ThrowsAsync<ProviderException>(() => _provider.CreateInstanceAsync(new InstanceRequest("x").WithLabel("Name", "other")));
        var token = await Assert.ThrowsAsync<ProviderException>(() => _provider.CreateInstanceAsync(new InstanceRequest("x") { IdempotencyToken = new string('t', 65) }));

        Assert.Equal("Image", image.Field);
        Assert.Equal("Label", label.Field);
        Assert.Equal("Label", reserved.Field);
        Assert.Equal("IdempotencyToken", token.Field);
        Assert.False(_log.AnyCall);
    }

    [Theory]
    [InlineData("123")]
    [InlineData("i-xyz")]
    [InlineData("ami-0123456789abcdef0")]
    [InlineData("")]
    public async Task InstanceMembers_MalformedId_ThrowInvalidConfigIdBeforeAnyCall(string id)
    {
        var get = await Assert.ThrowsAsync<ProviderException>(() => _provider.GetInstanceAsync(id));
        var destroy = await Assert.ThrowsAsync<ProviderException>(() => _provider.DestroyInstanceAsync(id));
        var wait = await Assert.ThrowsAsync<ProviderException>(() => _provider.WaitReadyAsync(id));
        var snapshot = await Assert.ThrowsAsync<ProviderException>(() => _provider.CreateSnapshotAsync(id, "name"));

        Assert.All(new[] { get, destroy, wait }, e => Assert.Equal("Id", e.Field));
        Assert.Equal("InstanceId", snapshot.Field);
        Assert.False(_log.AnyCall);
    }

    [Fact]
    public async Task ListInstances_SeveralPages_StreamsEveryInstance()
    {
        _provider.PageSize = 5;
        var prefix = UniqueName("page");
        var created = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            created.Add((await _provider.CreateInstanceAsync(new InstanceRequest($"{prefix}-{i}"))).Id);
        }

        var listed = new List<ProviderInstance>();
        await foreach (var instance in _provider.ListInstancesAsync())
        {
            listed.Add(instance);
        }

        Assert.All(created, id => Assert.Contains(listed, i => i.Id == id));
        Assert.Equal(listed.Count, listed.Select(i => i.Id).Distinct().Count());
        Assert.True(_log.Calls("DescribeInstances").Count >= 1 + 3, "12 instances at 5 a page need at least 3 pages");
    }

    [Fact]
    public async Task ListInstances_Filter_NarrowsOnTheServerWithTagFilters()
    {
        _provider.PageSize = 5;
        var team = UniqueName("team");
        var wanted = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            wanted.Add((await _provider.CreateInstanceAsync(new InstanceRequest(UniqueName()).WithLabel("team", team).WithLabel("env", "prod"))).Id);
        }

        for (var i = 0; i < 6; i++)
        {
            await _provider.CreateInstanceAsync(new InstanceRequest(UniqueName()).WithLabel("team", team + "-other").WithLabel("env", "prod"));
        }

        var before = _log.Calls("DescribeInstances").Count;
        var filter = ListFilter.ForLabels(new Dictionary<string, string> { ["team"] = team, ["env"] = "prod" });
        var listed = await Spuff.Providers.Paging.Paginator.ToListAsync(_provider.ListInstancesAsync(filter));

        Assert.Equal(wanted.OrderBy(i => i), listed.Select(i => i.Id).OrderBy(i => i));
        // Eight or more managed instances at five a page would take two calls or more if EC2 did not narrow them.
        Assert.Equal(1, _log.Calls("DescribeInstances").Count - before);
    }

    [Fact]
    public async Task ListInstances_ConsumerTerminatesEachInstanceItGets_TerminatesAllAcrossPages()
    {
        _provider.PageSize = 5;
        var batch = UniqueName("batch");
        var created = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            created.Add((await _provider.CreateInstanceAsync(new InstanceRequest(UniqueName()).WithLabel("batch", batch))).Id);
        }

        var removed = new List<string>();
        await foreach (var instance in _provider.ListInstancesAsync(ListFilter.ForLabels(new Dictionary<string, string> { ["batch"] = batch })))
        {
            await _provider.DestroyInstanceAsync(instance.Id);
            removed.Add(instance.Id);
        }

        Assert.Equal(created.OrderBy(i => i), removed.OrderBy(i => i));
    }

    [Fact]
    public void ListFilters_EmptyValueAndWildcards_KeyFilterAndLocalCheck()
    {
        var filters = AwsTags.ListFilters(ListFilter.ForLabels(new Dictionary<string, string> { ["flag"] = "", ["glob"] = "a*", ["team"] = "core" }));

        Assert.Equal(new[] { "tag:managed-by=spuff", "tag-key=flag", "tag:team=core" }, filters.Select(f => f.Name + "=" + string.Join("|", f.Values)));
    }

    [Fact]
    public async Task ListInstances_Terminated_IsExcludedButGetReportsArchive()
    {
        var created = await _provider.CreateInstanceAsync(new InstanceRequest(UniqueName()));
        await _provider.DestroyInstanceAsync(created.Id);

        var listed = new List<string>();
        await foreach (var instance in _provider.ListInstancesAsync())
        {
            listed.Add(instance.Id);
        }

        var fetched = await _provider.GetInstanceAsync(created.Id);
        Assert.DoesNotContain(created.Id, listed);
        Assert.NotNull(fetched);
        Assert.Equal(InstanceStatusKind.Archive, fetched!.GetStatus().Kind);
        Assert.Equal("terminated", fetched.GetStatus().Raw);
        var wait = await Assert.ThrowsAsync<ProviderException>(() => _provider.WaitReadyAsync(created.Id));
        Assert.Equal(ProviderErrorKind.NotFound, wait.Kind);
    }

    [Fact]
    public async Task GetInstance_Stopped_IsOffAndStillListed()
    {
        var created = await _provider.CreateInstanceAsync(new InstanceRequest(UniqueName()));
        using (var ec2 = _moto.Ec2())
        {
            await ec2.StopInstancesAsync(new StopInstancesRequest { InstanceIds = new List<string> { created.Id } });
        }

        var fetched = await _provider.GetInstanceAsync(created.Id);
        var listed = new List<string>();
        await foreach (var instance in _provider.ListInstancesAsync())
        {
            listed.Add(instance.Id);
        }

        Assert.Equal(InstanceStatusKind.Off, fetched!.GetStatus().Kind);
        Assert.Equal("stopped", fetched.GetStatus().Raw);
        Assert.False(fetched.IsReady);
        Assert.Contains(created.Id, listed);
    }

    [Fact]
    public async Task WaitReady_RunningWithoutPublicIp_TimesOut()
    {
        string id;
        using (var ec2 = _moto.Ec2())
        {
            var vpc = await ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.42.0.0/16" });
            var subnet = await ec2.CreateSubnetAsync(new CreateSubnetRequest { VpcId = vpc.Vpc.VpcId, CidrBlock = "10.42.1.0/24" });
            var run = await ec2.RunInstancesAsync(new RunInstancesRequest
            {
                ImageId = MotoFixture.Ubuntu2204,
                MinCount = 1,
                MaxCount = 1,
                SubnetId = subnet.Subnet.SubnetId,
                TagSpecifications = new List<TagSpecification>
                {
                    new() { ResourceType = ResourceType.Instance, Tags = new List<Tag> { new("managed-by", "spuff"), new("Name", "private") } },
                },
            });
            id = run.Reservation.Instances[0].InstanceId;
        }

        using var provider = _moto.CreateProvider(_log, o => o.Timeouts = new ProviderTimeouts(instanceReady: TimeSpan.FromMilliseconds(600), pollInterval: TimeSpan.FromMilliseconds(100)));
        var fetched = await provider.GetInstanceAsync(id);
        var error = await Assert.ThrowsAsync<ProviderException>(() => provider.WaitReadyAsync(id));

        Assert.Equal(InstanceStatusKind.Active, fetched!.GetStatus().Kind);
        Assert.Null(fetched.IPAddress);
        Assert.False(fetched.IsReady);
        Assert.Equal(ProviderErrorKind.Timeout, error.Kind);
        Assert.NotNull(error.Elapsed);
    }

    [Fact]
    public async Task GetInstance_LaunchedHereButNotVisibleYet_IsPendingAndWaitKeepsWaiting()
    {
        // EC2 is eventually consistent after RunInstances; moto is not, so an id it does not know stands in.
        const string id = "i-00000000000000abc";
        using var provider = _moto.CreateProvider(_log, o => o.Timeouts = new ProviderTimeouts(instanceReady: TimeSpan.FromMilliseconds(500), pollInterval: TimeSpan.FromMilliseconds(100)));
        provider.Launches.Remember(id, DateTimeOffset.UtcNow);

        var fetched = await provider.GetInstanceAsync(id);
        var wait = await Assert.ThrowsAsync<ProviderException>(() => provider.WaitReadyAsync(id));

        Assert.Equal(InstanceStatusKind.New, fetched!.GetStatus().Kind);
        Assert.Equal("pending", fetched.GetStatus().Raw);
        Assert.Equal(ProviderErrorKind.Timeout, wait.Kind);
    }

    [Fact]
    public async Task GetInstance_LaunchedLongAgoAndNotFound_ReturnsNull()
    {
        const string id = "i-00000000000000abd";
        _provider.Launches.Remember(id, DateTimeOffset.UtcNow - TimeSpan.FromMinutes(2));

        Assert.Null(await _provider.GetInstanceAsync(id));
    }

    [Fact]
    public async Task DestroyInstance_LaunchedHereButNotVisibleYet_TriesAgainUntilTheGraceEnds()
    {
        const string id = "i-00000000000000abe";
        _provider.Launches.Remember(id, DateTimeOffset.UtcNow - AwsLaunchMemory.Grace + TimeSpan.FromMilliseconds(700));

        await _provider.DestroyInstanceAsync(id);

        Assert.True(_log.Calls("TerminateInstances").Count >= 2);
    }

    [Fact]
    public async Task Calls_AreLoggedWithStatusTimeAndRequestIdButNoSecrets()
    {
        await _provider.CreateInstanceAsync(new InstanceRequest(UniqueName()).WithUserData("secret-user-data"));

        var run = Assert.Single(_log.Calls("RunInstances"));
        Assert.Matches(@"^EC2 RunInstances -> 200 in \d+ ms \(request id \S+\)$", run);
        Assert.DoesNotContain(_log.Lines, l => l.Message.Contains("testing", StringComparison.Ordinal) || l.Message.Contains("secret-user-data", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Catalog_ListsRegionsSizesAndImages()
    {
        var regions = await _provider.ListRegionsAsync();
        var sizes = await _provider.ListSizesAsync();
        var images = await _provider.ListImagesAsync();

        Assert.Contains(regions, r => r.Name == "us-east-1");
        Assert.Contains(regions, r => r.Name == "eu-central-1");
        Assert.Contains(sizes, s => s.Name == "t3.micro");
        Assert.Equal(new[] { "ubuntu-24.04", "ubuntu-22.04", "debian-12" }, images.Select(i => i.Name));
        Assert.All(images, i => Assert.True(ImageSpec.TryParse(i.Name, out _)));
    }

    private async Task<List<Instance>> InstancesNamedAsync(string name)
    {
        using var ec2 = _moto.Ec2();
        var response = await ec2.DescribeInstancesAsync(new DescribeInstancesRequest
        {
            Filters = new List<Amazon.EC2.Model.Filter> { new("tag:Name", new List<string> { name }) },
        });
        return (response.Reservations ?? new List<Reservation>()).SelectMany(r => r.Instances).ToList();
    }
}
