using Amazon.EC2;
using Amazon.EC2.Model;
using Spuff.Providers.Aws;
using Xunit;

namespace Spuff.Core.Tests.Aws;

/// <summary>Snapshots as AMIs plus EBS snapshots, against moto.</summary>
[Collection(MotoCollection.Name)]
public sealed class AwsSnapshotTests : IAsyncLifetime
{
    private readonly MotoFixture _moto;
    private readonly RecordingLog _log = new();
    private AwsProvider _provider = null!;

    public AwsSnapshotTests(MotoFixture moto)
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

    private static string UniqueName(string prefix = "snap") => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    [Fact]
    public async Task CreateSnapshot_TagsAmiAndEbsSnapshotsAndReportsProgress()
    {
        var source = await _provider.CreateInstanceAsync(new InstanceRequest(UniqueName("src")));
        var name = UniqueName();
        var progress = new List<OperationProgress>();

        var snapshot = await _provider.CreateSnapshotAsync(source.Id, name, new SyncProgress(progress));

        Assert.StartsWith("ami-", snapshot.Id);
        Assert.Equal(name, snapshot.Name);
        Assert.Equal("aws", snapshot.Provider);
        Assert.Equal(source.Id, snapshot.SourceInstanceId);
        Assert.NotNull(snapshot.CreatedAt);
        Assert.Equal(new[] { "us-east-1" }, snapshot.Regions);
        Assert.Equal("spuff", snapshot.Labels["managed-by"]);
        Assert.True(snapshot.SizeGb > 0);
        Assert.Contains(progress, p => p.Activity == "Creating snapshot" && p.PercentComplete == 100);

        using var ec2 = _moto.Ec2();
        var image = (await ec2.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = new List<string> { snapshot.Id } })).Images.Single();
        var create = Assert.Single(_log.Calls("CreateImage"));
        Assert.Equal(ImageState.Available, image.State);
        var ebsIds = image.BlockDeviceMappings.Where(m => m.Ebs?.SnapshotId != null).Select(m => m.Ebs.SnapshotId).ToList();
        Assert.NotEmpty(ebsIds);
        var ebs = await ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { SnapshotIds = ebsIds });
        Assert.All(ebs.Snapshots, s =>
        {
            var tags = s.Tags.ToDictionary(t => t.Key, t => t.Value);
            Assert.Equal("spuff", tags["managed-by"]);
            Assert.Equal(name, tags["Name"]);
            Assert.Equal(snapshot.Id, tags[AwsTags.ImageKey]);
        });
        Assert.NotNull(create);
    }

    [Fact]
    public async Task DeleteSnapshot_DeregistersAmiAndDeletesEbsSnapshots_Idempotently()
    {
        var source = await _provider.CreateInstanceAsync(new InstanceRequest(UniqueName("src")));
        var snapshot = await _provider.CreateSnapshotAsync(source.Id, UniqueName());
        using var ec2 = _moto.Ec2();
        var image = (await ec2.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = new List<string> { snapshot.Id } })).Images.Single();
        var ebsIds = image.BlockDeviceMappings.Where(m => m.Ebs?.SnapshotId != null).Select(m => m.Ebs.SnapshotId).ToList();

        await _provider.DeleteSnapshotAsync(snapshot.Id);
        await _provider.DeleteSnapshotAsync(snapshot.Id);

        var images = await ec2.DescribeImagesAsync(new DescribeImagesRequest { Owners = new List<string> { "self" } });
        Assert.DoesNotContain(images.Images ?? new List<Image>(), i => i.ImageId == snapshot.Id);
        var remaining = await ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { OwnerIds = new List<string> { "self" } });
        Assert.DoesNotContain(remaining.Snapshots ?? new List<Amazon.EC2.Model.Snapshot>(), s => ebsIds.Contains(s.SnapshotId));
        var listed = new List<string>();
        await foreach (var s in _provider.ListSnapshotsAsync())
        {
            listed.Add(s.Id);
        }

        Assert.DoesNotContain(snapshot.Id, listed);
    }

    [Fact]
    public async Task DeleteSnapshot_AmiAlreadyDeregistered_StillDeletesItsTaggedEbsSnapshots()
    {
        var source = await _provider.CreateInstanceAsync(new InstanceRequest(UniqueName("src")));
        var snapshot = await _provider.CreateSnapshotAsync(source.Id, UniqueName());
        using var ec2 = _moto.Ec2();
        await ec2.DeregisterImageAsync(new DeregisterImageRequest { ImageId = snapshot.Id });

        await _provider.DeleteSnapshotAsync(snapshot.Id);

        var tagged = await ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest
        {
            OwnerIds = new List<string> { "self" },
            Filters = new List<Amazon.EC2.Model.Filter> { new("tag:" + AwsTags.ImageKey, new List<string> { snapshot.Id }) },
        });
        Assert.Empty(tagged.Snapshots ?? new List<Amazon.EC2.Model.Snapshot>());
    }

    [Fact]
    public async Task ListSnapshots_FilterByLabel_NarrowsOnTheServer()
    {
        var source = await _provider.CreateInstanceAsync(new InstanceRequest(UniqueName("src")));
        var snapshot = await _provider.CreateSnapshotAsync(source.Id, UniqueName());
        await _provider.CreateSnapshotAsync(source.Id, UniqueName());
        var keep = UniqueName("keep");
        using (var ec2 = _moto.Ec2())
        {
            await ec2.CreateTagsAsync(new CreateTagsRequest { Resources = new List<string> { snapshot.Id }, Tags = new List<Tag> { new Tag("keep", keep) } });
        }

        var filter = ListFilter.ForLabels(new Dictionary<string, string> { ["keep"] = keep });
        var listed = await Spuff.Providers.Paging.Paginator.ToListAsync(_provider.ListSnapshotsAsync(filter));

        Assert.Equal(snapshot.Id, Assert.Single(listed).Id);
    }

    [Fact]
    public async Task ListSnapshots_OnlySpuffImages()
    {
        var source = await _provider.CreateInstanceAsync(new InstanceRequest(UniqueName("src")));
        var ours = await _provider.CreateSnapshotAsync(source.Id, UniqueName());
        using var ec2 = _moto.Ec2();
        var foreign = await ec2.CreateImageAsync(new CreateImageRequest { InstanceId = source.Id, Name = UniqueName("other") });

        var listed = new List<Snapshot>();
        await foreach (var s in _provider.ListSnapshotsAsync())
        {
            listed.Add(s);
        }

        Assert.Contains(listed, s => s.Id == ours.Id && s.SourceInstanceId == source.Id);
        Assert.DoesNotContain(listed, s => s.Id == foreign.ImageId);
        Assert.DoesNotContain(listed, s => s.Id == MotoFixture.Ubuntu2404New);
        Assert.All(listed, s => Assert.Equal("spuff", s.Labels["managed-by"]));
    }

    [Fact]
    public async Task CreateSnapshot_MissingInstance_ThrowsNotFound()
    {
        var error = await Assert.ThrowsAsync<ProviderException>(() => _provider.CreateSnapshotAsync("i-0123456789abcdef0", UniqueName()));

        Assert.Equal(ProviderErrorKind.NotFound, error.Kind);
        Assert.Equal("InvalidInstanceID.NotFound", error.ErrorCode);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("bad*name")]
    [InlineData("")]
    public async Task CreateSnapshot_InvalidName_ThrowsInvalidConfigBeforeAnyCall(string name)
    {
        var error = await Assert.ThrowsAsync<ProviderException>(() => _provider.CreateSnapshotAsync("i-0123456789abcdef0", name));

        Assert.Equal("Name", error.Field);
        Assert.False(_log.AnyCall);
    }

    [Theory]
    [InlineData("snap-0123456789abcdef0")]
    [InlineData("ami-xyz")]
    [InlineData("i-0123456789abcdef0")]
    public async Task DeleteSnapshot_MalformedId_ThrowsInvalidConfigBeforeAnyCall(string id)
    {
        var error = await Assert.ThrowsAsync<ProviderException>(() => _provider.DeleteSnapshotAsync(id));

        Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
        Assert.Equal("Id", error.Field);
        Assert.False(_log.AnyCall);
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; this one records at once, so asserts see every report.</summary>
    private sealed class SyncProgress : IProgress<OperationProgress>
    {
        private readonly List<OperationProgress> _reports;

        public SyncProgress(List<OperationProgress> reports)
        {
            _reports = reports;
        }

        public void Report(OperationProgress value)
        {
            lock (_reports)
            {
                _reports.Add(value);
            }
        }
    }
}
