using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using Spuff.Core;
using Spuff.Providers.Creating;
using Snapshot = Spuff.Core.Snapshot;
using Spuff.Providers.Paging;
using Spuff.Providers.Waiting;

namespace Spuff.Providers.Aws
{
    /// <summary>
    /// EC2 through the AWS SDK for .NET: instances are tagged managed-by=spuff, snapshots are AMIs (with their EBS
    /// snapshots). One provider works in one region. Only <see cref="AwsFactory.Create"/> makes it, so the SDK
    /// loads on first use.
    /// </summary>
    internal sealed class AwsProvider : IProvider, IProviderCatalog, IDisposable, IBatchReadiness
    {
        public const string DefaultSize = "t3.micro";

        private static readonly string[] SizeNames =
        {
            "t3.nano", "t3.micro", "t3.small", "t3.medium", "t3.large", "t3.xlarge", "t3.2xlarge",
            "t3a.micro", "t3a.small", "t3a.medium", "t3a.large",
            "m6i.large", "m6i.xlarge", "m6i.2xlarge", "m7i.large", "m7i.xlarge",
            "c6i.large", "c6i.xlarge", "c7i.large", "c7i.xlarge", "r6i.large", "r6i.xlarge",
        };

        private readonly AwsClients _clients;
        private readonly AwsCaller _caller;
        private readonly AwsImageResolver _images;
        private readonly ProviderTimeouts _timeouts;
        private readonly AwsLaunchMemory _launches = new AwsLaunchMemory();
        private readonly AwsReadiness _readiness;

        private AwsProvider(AwsClients clients, ProviderOptions options, AwsSettings settings)
        {
            _clients = clients;
            _caller = new AwsCaller(options.Log);
            _images = new AwsImageResolver(clients, _caller, settings.UbuntuParameter);
            _timeouts = options.Timeouts ?? ProviderTimeouts.Default;
            _readiness = new AwsReadiness(this);
        }

        public string Name => AwsErrorDecoder.ProviderName;

        public bool SupportsSnapshots => true;

        /// <summary>The region every call of this provider goes to.</summary>
        public string Region => _clients.Region;

        /// <summary>MaxResults of list calls; EC2 allows 5 to 1000. Tests lower it to walk several pages.</summary>
        internal int PageSize { get; set; } = 1000;

        internal AwsLaunchMemory Launches => _launches;

        internal static AwsProvider Create(AwsSettings settings, ProviderOptions options) =>
            new AwsProvider(AwsClients.Create(settings, options.Timeouts ?? ProviderTimeouts.Default), options, settings);

        public async Task<ProviderInstance> CreateInstanceAsync(InstanceRequest request, CancellationToken cancellationToken = default)
        {
            var zone = AwsValidation.Request(request, Region);
            cancellationToken.ThrowIfCancellationRequested();
            var name = request.Name.Trim();
            var size = request.Size ?? DefaultSize;
            var keys = request.SshKeys ?? new List<string>();
            var keyName = keys.FirstOrDefault()?.Trim();
            if (keys.Count > 1)
            {
                _caller.Write(ProviderLogLevel.Warning, $"EC2 takes one key pair per instance; using '{keyName}' and ignoring {keys.Count - 1} more.");
            }

            var candidates = AwsIdempotency.Candidates(request, Region, zone, size, keyName);
            var explicitToken = AwsIdempotency.IsExplicit(request);
            var earlier = await FindByClientTokensAsync(candidates, cancellationToken).ConfigureAwait(false);
            if (explicitToken && earlier.TryGetValue(candidates[0], out var same))
            {
                // The caller's token means "this create, once": what an earlier call with it launched is the answer.
                _caller.Write(ProviderLogLevel.Verbose, $"Instance {same.InstanceId} was already launched with this idempotency token; returning it.");
                return AwsMapper.ToInstance(same, Region);
            }

            // A name identifies one Spuff instance (EC2 itself allows duplicates): a re-run after a create that failed,
            // timed out or was interrupted reports the earlier instance instead of launching a second one.
            var sameName = await FindManagedByNameAsync(name, cancellationToken).ConfigureAwait(false);
            if (sameName != null)
            {
                throw CreateOutcome.AlreadyExists(AwsMapper.ToInstance(sameName, Region), Name, "AWS EC2");
            }

            var tokens = new List<string>();
            foreach (var candidate in candidates)
            {
                if (!earlier.TryGetValue(candidate, out var instance))
                {
                    tokens.Add(candidate);
                }
                else if (AwsStatusMap.FromState(instance.State?.Name?.Value).Kind != InstanceStatusKind.Archive)
                {
                    throw CreateOutcome.AlreadyExists(AwsMapper.ToInstance(instance, Region), Name, "AWS EC2");
                }
            }

            if (!explicitToken)
            {
                tokens.Add(AwsIdempotency.Fresh());
            }

            var imageId = await _images.ResolveAsync(request.Image, cancellationToken).ConfigureAwait(false);
            foreach (var token in tokens)
            {
                try
                {
                    return await RunAsync(request, name, size, keyName, zone, imageId, token, cancellationToken).ConfigureAwait(false);
                }
                catch (ProviderException error) when (!explicitToken && AwsIdempotency.IsSpent(error))
                {
                    // EC2 keeps a token bound to its instance for a day or more after termination (and tags vanish
                    // from DescribeInstances after an hour), or today's parameters differ (a newer AMI behind
                    // "ubuntu-24.04"). A token Spuff derived itself moves on to the next generation.
                    _caller.Write(ProviderLogLevel.Verbose, $"Client token {token} is spent ({error.ErrorCode}); launching with the next one.");
                }
                catch (ProviderException error) when (error.ErrorCode == "IdempotentInstanceTerminated")
                {
                    throw new ProviderException(ProviderErrorKind.InvalidConfig, $"The idempotency token '{token}' was used by an instance that has since been terminated; EC2 will not launch another with it. Pass a new token.", error)
                    {
                        Provider = Name,
                        Field = "IdempotencyToken",
                        StatusCode = error.StatusCode,
                        ErrorCode = error.ErrorCode,
                        RequestId = error.RequestId,
                    };
                }
            }

            throw new ProviderException(ProviderErrorKind.Api, $"EC2 refused every client token for '{name}' as already used.") { Provider = Name, ResourceId = name };
        }

        private async Task<ProviderInstance> RunAsync(InstanceRequest request, string name, string size, string? keyName, string? zone, string imageId, string token, CancellationToken cancellationToken)
        {
            var run = new RunInstancesRequest
            {
                ImageId = imageId,
                InstanceType = InstanceType.FindValue(size),
                MinCount = 1,
                MaxCount = 1,
                ClientToken = token,
                KeyName = string.IsNullOrEmpty(keyName) ? null : keyName,
                UserData = request.UserData == null ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes(request.UserData)),
                Placement = zone == null ? null : new Placement { AvailabilityZone = zone },
                TagSpecifications = new List<TagSpecification>
                {
                    new TagSpecification
                    {
                        ResourceType = ResourceType.Instance,
                        Tags = AwsTags.Build(name, request.Labels, new KeyValuePair<string, string>(AwsTags.ClientTokenKey, token)),
                    },
                    new TagSpecification { ResourceType = ResourceType.Volume, Tags = AwsTags.Build(name, request.Labels) },
                },
            };
            RunInstancesResponse response;
            try
            {
                response = await _caller.CallAsync("EC2", "RunInstances", ct => _clients.Ec2.RunInstancesAsync(run, ct), cancellationToken).ConfigureAwait(false);
            }
            catch (ProviderException error) when (CreateOutcome.IsAmbiguous(error) && !cancellationToken.IsCancellationRequested)
            {
                // The answer was lost: EC2 may have launched it. The client token finds it (DescribeInstances can miss a
                // new instance for a while, so look again with backoff); a re-run with the same token cannot launch a
                // second one.
                var found = await CreateOutcome.LookAgainAsync(
                    async ct => (await FindByClientTokensAsync(new[] { token }, ct).ConfigureAwait(false)).TryGetValue(token, out var i) ? AwsMapper.ToInstance(i, Region) : null,
                    $"instance '{name}' (client token {token})",
                    _timeouts.CreateVisibility,
                    TimeProvider.System,
                    null,
                    null,
                    cancellationToken).ConfigureAwait(false);
                if (found != null)
                {
                    _caller.Write(ProviderLogLevel.Warning, $"EC2 RunInstances failed ({error.Message}), but instance {found.Id} was launched; returning it.");
                    _launches.Remember(found.Id, DateTimeOffset.UtcNow);
                    return ReadinessRules.Remember(found);
                }

                throw CreateOutcome.MayExist(error, Name, "AWS EC2", name, $"no instance with client token {token} was listed within {_timeouts.CreateVisibility.TotalSeconds:0} s, which does not prove there is none.");
            }

            var launched = response.Reservation?.Instances?.FirstOrDefault()
                ?? throw new ProviderException(ProviderErrorKind.Api, $"EC2 RunInstances returned no instance (request id {response.ResponseMetadata?.RequestId}).") { Provider = Name };
            if (launched.Tags == null || launched.Tags.Count == 0)
            {
                // The tags are on the instance either way; some endpoints just leave them out of the response.
                launched.Tags = run.TagSpecifications[0].Tags;
            }

            _launches.Remember(launched.InstanceId, DateTimeOffset.UtcNow);
            return ReadinessRules.Remember(AwsMapper.ToInstance(launched, Region));
        }

        public async Task DestroyInstanceAsync(string id, CancellationToken cancellationToken = default)
        {
            var instanceId = AwsValidation.InstanceId(id);
            var existing = await DescribeInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
            if (existing != null)
            {
                var labels = AwsTags.ToLabels(existing.Tags);
                var name = labels.TryGetValue(AwsTags.NameKey, out var tagged) ? tagged : null;
                ManagedResources.Require(labels, Name, "instance", instanceId, name, "tag managed-by=spuff", "aws ec2 terminate-instances --instance-ids " + instanceId);
            }

            var grace = _launches.Remaining(instanceId);
            if (grace <= TimeSpan.Zero)
            {
                await TerminateAsync(instanceId, cancellationToken).ConfigureAwait(false);
                return;
            }

            // Launched here moments ago: "not found" may only mean EC2 has not caught up, so try again until it has.
            var options = new WaitOptions($"terminate instance {instanceId}", grace, _timeouts.PollInterval) { TargetId = instanceId };
            try
            {
                await Waiter.WaitAsync(
                    ct => TerminateAsync(instanceId, ct),
                    terminated => terminated ? WaitDecision.Done("terminating") : WaitDecision.Continue("not visible yet"),
                    options,
                    null,
                    cancellationToken).ConfigureAwait(false);
            }
            catch (ProviderException error) when (error.Kind == ProviderErrorKind.Timeout)
            {
                // Not found for the whole grace period: it is gone.
            }
        }

        public async Task<ProviderInstance?> GetInstanceAsync(string id, CancellationToken cancellationToken = default)
        {
            var instanceId = AwsValidation.InstanceId(id);
            var found = await DescribeInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
            if (found != null)
            {
                return AwsMapper.ToInstance(found, Region);
            }

            return _launches.Remaining(instanceId) > TimeSpan.Zero
                ? new ProviderInstance(instanceId, AwsStatusMap.FromState("pending"), null, DateTimeOffset.UtcNow)
                {
                    Provider = Name,
                    Region = Region,
                    Labels = new Dictionary<string, string> { [AwsTags.ManagedByKey] = AwsTags.ManagedByValue },
                }
                : null;
        }

        public async IAsyncEnumerable<ProviderInstance> ListInstancesAsync(ListFilter? filter = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            // No instance-state-name filter on the server: a terminated instance stays in EC2's answers for about an
            // hour, so an instance the consumer terminates while the listing pages on never leaves the set the
            // NextToken walks (a token naming an instance that left it is not valid any more). States are checked here.
            var filters = AwsTags.ListFilters(filter);
            await foreach (var instance in StreamInstancesAsync(filters, cancellationToken).ConfigureAwait(false))
            {
                var mapped = AwsMapper.ToInstance(instance, Region);
                if (Array.IndexOf(AwsStatusMap.ListedStates, instance.State?.Name?.Value) >= 0 && ListFilter.Admits(filter, mapped.Labels))
                {
                    yield return mapped;
                }
            }
        }

        public async Task<ProviderInstance> WaitReadyAsync(string id, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            var instanceId = AwsValidation.InstanceId(id);
            return await ReadinessWaiter.WaitOneAsync(this, instanceId, _timeouts, progress, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Grace after launch, instances that are stopping or stopped.</summary>
        public ReadinessRules ReadinessRules => _readiness.Rules;

        Task<BatchPoll> IBatchReadiness.PollAsync(IReadOnlyList<WaitTarget> pending, bool batch, CancellationToken cancellationToken) =>
            _readiness.PollAsync(pending, batch, cancellationToken);

        public Task<Snapshot> CreateSnapshotAsync(string instanceId, string name, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            var id = AwsValidation.InstanceId(instanceId, "InstanceId");
            var snapshotName = AwsValidation.SnapshotName(name);
            return new AwsSnapshots(_clients, _caller, _timeouts, PageSize).CreateAsync(id, snapshotName, progress, cancellationToken);
        }

        public IAsyncEnumerable<Snapshot> ListSnapshotsAsync(ListFilter? filter = null, CancellationToken cancellationToken = default) =>
            Filtered.WhereAsync(new AwsSnapshots(_clients, _caller, _timeouts, PageSize).ListAsync(filter, cancellationToken), filter, s => s.Labels, cancellationToken);

        public Task DeleteSnapshotAsync(string id, CancellationToken cancellationToken = default)
        {
            var imageId = AwsValidation.AmiId(id);
            return new AwsSnapshots(_clients, _caller, _timeouts, PageSize).DeleteAsync(imageId, cancellationToken);
        }

        public async Task<IReadOnlyList<string>> GetSshKeysAsync(CancellationToken cancellationToken = default)
        {
            var response = await _caller.CallAsync("EC2", "DescribeKeyPairs", ct => _clients.Ec2.DescribeKeyPairsAsync(new DescribeKeyPairsRequest(), ct), cancellationToken).ConfigureAwait(false);
            return (response.KeyPairs ?? new List<KeyPairInfo>()).Select(k => k.KeyName).Where(k => !string.IsNullOrEmpty(k)).ToArray();
        }

        public async Task<IReadOnlyList<CatalogEntry>> ListRegionsAsync(CancellationToken cancellationToken = default)
        {
            var response = await _caller.CallAsync("EC2", "DescribeRegions", ct => _clients.Ec2.DescribeRegionsAsync(new DescribeRegionsRequest(), ct), cancellationToken).ConfigureAwait(false);
            return (response.Regions ?? new List<Region>())
                .Select(r => r.RegionName)
                .Where(r => !string.IsNullOrEmpty(r))
                .OrderBy(r => r, StringComparer.Ordinal)
                .Select(r => new CatalogEntry(r))
                .ToArray();
        }

        public Task<IReadOnlyList<CatalogEntry>> ListSizesAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<CatalogEntry>>(SizeNames.Select(s => new CatalogEntry(s, s == DefaultSize ? s + " (default)" : s)).ToArray());

        public Task<IReadOnlyList<CatalogEntry>> ListImagesAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<CatalogEntry>>(new[]
            {
                new CatalogEntry("ubuntu-24.04", "Ubuntu 24.04 LTS (Canonical, amd64)"),
                new CatalogEntry("ubuntu-22.04", "Ubuntu 22.04 LTS (Canonical, amd64)"),
                new CatalogEntry("debian-12", "Debian 12 (Debian project, amd64)"),
            });

        public void Dispose() => _clients.Dispose();

        // True when EC2 accepted the terminate (or the instance had already gone for good), false for "not found".
        private async Task<bool> TerminateAsync(string instanceId, CancellationToken cancellationToken)
        {
            try
            {
                var request = new TerminateInstancesRequest { InstanceIds = new List<string> { instanceId } };
                await _caller.CallAsync("EC2", "TerminateInstances", ct => _clients.Ec2.TerminateInstancesAsync(request, ct), cancellationToken, "instance", instanceId).ConfigureAwait(false);
                return true;
            }
            catch (ProviderException error) when (AwsErrorDecoder.IsGone(error))
            {
                // Already gone: destroying is idempotent.
                return _launches.Remaining(instanceId) <= TimeSpan.Zero;
            }
        }

        private async Task<Instance?> DescribeInstanceAsync(string instanceId, CancellationToken cancellationToken)
        {
            try
            {
                var request = new DescribeInstancesRequest { InstanceIds = new List<string> { instanceId } };
                var response = await _caller.CallAsync("EC2", "DescribeInstances", ct => _clients.Ec2.DescribeInstancesAsync(request, ct), cancellationToken, "instance", instanceId).ConfigureAwait(false);
                return (response.Reservations ?? new List<Reservation>())
                    .SelectMany(r => r.Instances ?? new List<Instance>())
                    .FirstOrDefault(i => i.InstanceId == instanceId);
            }
            catch (ProviderException error) when (AwsErrorDecoder.IsGone(error))
            {
                return null;
            }
        }

        // The Spuff instance (not terminated) whose Name tag is exactly this name.
        private async Task<Instance?> FindManagedByNameAsync(string name, CancellationToken cancellationToken)
        {
            var filters = new List<Filter>
            {
                new Filter(AwsTags.ManagedFilter, new List<string> { AwsTags.ManagedByValue }),
                new Filter("tag:" + AwsTags.NameKey, new List<string> { name }),
                new Filter("instance-state-name", new List<string> { "pending", "running", "stopping", "stopped" }),
            };
            await foreach (var instance in StreamInstancesAsync(filters, cancellationToken).ConfigureAwait(false))
            {
                if (AwsTags.Find(instance.Tags, AwsTags.NameKey) == name)
                {
                    return instance;
                }
            }

            return null;
        }

        // Every instance (any state, terminated included) that a create with one of these client tokens launched.
        private async Task<Dictionary<string, Instance>> FindByClientTokensAsync(IReadOnlyList<string> tokens, CancellationToken cancellationToken)
        {
            var found = new Dictionary<string, Instance>(StringComparer.Ordinal);
            var filters = new List<Filter> { new Filter("tag:" + AwsTags.ClientTokenKey, tokens.ToList()) };
            await foreach (var instance in StreamInstancesAsync(filters, cancellationToken).ConfigureAwait(false))
            {
                var token = AwsTags.Find(instance.Tags, AwsTags.ClientTokenKey);
                if (token != null && (!found.TryGetValue(token, out var seen) || IsNewer(instance, seen)))
                {
                    found[token] = instance;
                }
            }

            return found;
        }

        private static bool IsNewer(Instance candidate, Instance seen) =>
            (candidate.LaunchTime ?? DateTime.MinValue) > (seen.LaunchTime ?? DateTime.MinValue);

        internal IAsyncEnumerable<Instance> StreamInstancesAsync(List<Filter> filters, CancellationToken cancellationToken) =>
            Paginator.StreamAsync<DescribeInstancesResponse, Instance>(
                (cursor, ct) => _caller.CallAsync(
                    "EC2",
                    "DescribeInstances",
                    c => _clients.Ec2.DescribeInstancesAsync(new DescribeInstancesRequest { Filters = filters, MaxResults = PageSize, NextToken = cursor }, c),
                    ct),
                page => (page.Reservations ?? new List<Reservation>()).SelectMany(r => r.Instances ?? new List<Instance>()),
                page => page.NextToken,
                instance => instance.InstanceId,
                cancellationToken);
    }
}
