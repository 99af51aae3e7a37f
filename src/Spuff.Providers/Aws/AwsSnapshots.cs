using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using Spuff.Core;
using Snapshot = Spuff.Core.Snapshot;
using Spuff.Providers.Paging;
using Spuff.Providers.Waiting;

namespace Spuff.Providers.Aws
{
    /// <summary>
    /// Snapshots on EC2: an AMI made by CreateImage plus the EBS snapshots of its volumes. Creating waits for the
    /// AMI to be available; deleting deregisters the AMI and deletes its EBS snapshots (which otherwise go on
    /// costing money).
    /// </summary>
    internal sealed class AwsSnapshots
    {
        private static readonly string[] FailedStates = { "failed", "error", "invalid", "deregistered", "disabled" };

        private readonly AwsClients _clients;
        private readonly AwsCaller _caller;
        private readonly ProviderTimeouts _timeouts;
        private readonly int _pageSize;

        public AwsSnapshots(AwsClients clients, AwsCaller caller, ProviderTimeouts timeouts, int pageSize)
        {
            _clients = clients;
            _caller = caller;
            _timeouts = timeouts;
            _pageSize = pageSize;
        }

        public async Task<Snapshot> CreateAsync(string instanceId, string name, IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // The image's tags go in the CreateImage call. Its EBS snapshots are tagged with CreateTags once the
            // image is available: moto (the emulator the tests use) rejects snapshot TagSpecifications on CreateImage.
            var create = new CreateImageRequest
            {
                InstanceId = instanceId,
                Name = name,
                NoReboot = true,
                TagSpecifications = new List<TagSpecification>
                {
                    new TagSpecification
                    {
                        ResourceType = ResourceType.Image,
                        Tags = AwsTags.Build(name, null, new KeyValuePair<string, string>(AwsTags.SourceInstanceKey, instanceId)),
                    },
                },
            };
            var created = await _caller.CallAsync("EC2", "CreateImage", ct => _clients.Ec2.CreateImageAsync(create, ct), cancellationToken, "instance", instanceId).ConfigureAwait(false);
            var imageId = created.ImageId;
            var options = WaitOptions.ForAction(_timeouts, "image", imageId);
            options.Activity = "Creating snapshot";
            var image = await Waiter.WaitAsync(ct => DescribeAsync(imageId, ct), i => Judge(imageId, i), options, progress, cancellationToken).ConfigureAwait(false);

            var snapshotIds = AwsMapper.EbsSnapshots(image!).Select(m => m.Ebs.SnapshotId).ToList();
            if (snapshotIds.Count > 0)
            {
                var tags = new CreateTagsRequest
                {
                    Resources = snapshotIds,
                    Tags = AwsTags.Build(
                        name,
                        null,
                        new KeyValuePair<string, string>(AwsTags.SourceInstanceKey, instanceId),
                        new KeyValuePair<string, string>(AwsTags.ImageKey, imageId)),
                };
                await _caller.CallAsync("EC2", "CreateTags", ct => _clients.Ec2.CreateTagsAsync(tags, ct), cancellationToken, "snapshot", imageId).ConfigureAwait(false);
            }

            return AwsMapper.ToSnapshot(image!, _clients.Region);
        }

        /// <summary>The AMIs of this account tagged managed-by=spuff and the filter's labels (narrowed on the server).</summary>
        public async IAsyncEnumerable<Snapshot> ListAsync(ListFilter? filter, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var filters = AwsTags.ListFilters(filter);
            var pages = Paginator.StreamAsync<DescribeImagesResponse, Image>(
                (cursor, ct) => _caller.CallAsync(
                    "EC2",
                    "DescribeImages",
                    c => _clients.Ec2.DescribeImagesAsync(new DescribeImagesRequest { Owners = new List<string> { "self" }, Filters = filters, MaxResults = _pageSize, NextToken = cursor }, c),
                    ct),
                page => page.Images ?? new List<Image>(),
                page => page.NextToken,
                image => image.ImageId,
                cancellationToken);
            await foreach (var image in pages.ConfigureAwait(false))
            {
                yield return AwsMapper.ToSnapshot(image, _clients.Region);
            }
        }

        public async Task DeleteAsync(string imageId, CancellationToken cancellationToken)
        {
            // Read the EBS snapshots before deregistering: afterwards the AMI, and with it the list, is gone.
            var image = await DescribeAsync(imageId, cancellationToken).ConfigureAwait(false);
            var snapshotIds = new List<string>();
            if (image != null)
            {
                ManagedResources.Require(AwsTags.ToLabels(image.Tags), "aws", "snapshot", imageId, image.Name, "tag managed-by=spuff", "aws ec2 deregister-image --image-id " + imageId);
                snapshotIds.AddRange(AwsMapper.EbsSnapshots(image).Select(m => m.Ebs.SnapshotId));
            }

            // Also those spuff tagged for this AMI, so a delete that failed half-way can be finished by running it again.
            snapshotIds.AddRange(await TaggedSnapshotsAsync(imageId, cancellationToken).ConfigureAwait(false));
            if (image != null)
            {
                try
                {
                    var deregister = new DeregisterImageRequest { ImageId = imageId };
                    await _caller.CallAsync("EC2", "DeregisterImage", ct => _clients.Ec2.DeregisterImageAsync(deregister, ct), cancellationToken, "snapshot", imageId).ConfigureAwait(false);
                }
                catch (ProviderException error) when (AwsErrorDecoder.IsGone(error))
                {
                    // Deregistered meanwhile: fine.
                }
            }

            foreach (var snapshotId in snapshotIds.Distinct(StringComparer.Ordinal))
            {
                try
                {
                    var delete = new DeleteSnapshotRequest { SnapshotId = snapshotId };
                    await _caller.CallAsync("EC2", "DeleteSnapshot", ct => _clients.Ec2.DeleteSnapshotAsync(delete, ct), cancellationToken, "ebs-snapshot", snapshotId).ConfigureAwait(false);
                }
                catch (ProviderException error) when (AwsErrorDecoder.IsGone(error))
                {
                    // Already deleted: fine.
                }
            }
        }

        private async Task<List<string>> TaggedSnapshotsAsync(string imageId, CancellationToken cancellationToken)
        {
            var request = new DescribeSnapshotsRequest
            {
                OwnerIds = new List<string> { "self" },
                Filters = new List<Filter> { new Filter("tag:" + AwsTags.ImageKey, new List<string> { imageId }) },
            };
            var response = await _caller.CallAsync("EC2", "DescribeSnapshots", ct => _clients.Ec2.DescribeSnapshotsAsync(request, ct), cancellationToken, "snapshot", imageId).ConfigureAwait(false);
            return (response.Snapshots ?? new List<Amazon.EC2.Model.Snapshot>()).Select(s => s.SnapshotId).ToList();
        }

        private async Task<Image?> DescribeAsync(string imageId, CancellationToken cancellationToken)
        {
            try
            {
                var request = new DescribeImagesRequest { ImageIds = new List<string> { imageId } };
                var response = await _caller.CallAsync("EC2", "DescribeImages", ct => _clients.Ec2.DescribeImagesAsync(request, ct), cancellationToken, "snapshot", imageId).ConfigureAwait(false);
                return (response.Images ?? new List<Image>()).FirstOrDefault(i => i.ImageId == imageId);
            }
            catch (ProviderException error) when (AwsErrorDecoder.IsGone(error))
            {
                return null;
            }
        }

        internal static WaitDecision Judge(string imageId, Image? image)
        {
            if (image == null)
            {
                // EC2 is eventually consistent: a new AMI may not be visible for a moment.
                return WaitDecision.Continue("not visible yet");
            }

            var state = image.State?.Value ?? "unknown";
            if (state == ImageState.Available.Value)
            {
                return WaitDecision.Done(state);
            }

            if (FailedStates.Contains(state))
            {
                var reason = image.StateReason?.Message ?? image.StateReason?.Code ?? "no reason given";
                return WaitDecision.Fail(new ProviderException(ProviderErrorKind.Api, $"Creating AMI {imageId} ended in state '{state}': {reason}. Remove it with Remove-SpuffSnapshot.")
                {
                    Provider = AwsErrorDecoder.ProviderName,
                    ResourceType = "snapshot",
                    ResourceId = imageId,
                    ErrorCode = image.StateReason?.Code,
                    Operation = "CreateImage",
                });
            }

            return WaitDecision.Continue(state);
        }
    }
}
