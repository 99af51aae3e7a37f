using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2.Model;
using Spuff.Core;
using Spuff.Providers.Waiting;

namespace Spuff.Providers.Aws
{
    /// <summary>
    /// How EC2 answers the shared readiness rules: a batch is one DescribeInstances with an <c>instance-id</c> filter
    /// (which, unlike InstanceIds, leaves out an id EC2 does not know yet instead of failing the whole call), and an
    /// instance that is stopping or stopped never starts again by itself.
    /// </summary>
    internal sealed class AwsReadiness
    {
        // EC2 takes up to 200 values per filter.
        private const int IdsPerCall = 200;

        private readonly AwsProvider _provider;

        public AwsReadiness(AwsProvider provider)
        {
            _provider = provider;
            Rules = new ReadinessRules(provider.Name)
            {
                CannotBecomeReady = (instance, _) => Task.FromResult(CannotBecomeReady(instance)),
            };
        }

        public ReadinessRules Rules { get; }

        public async Task<BatchPoll> PollAsync(IReadOnlyList<WaitTarget> pending, bool batch, CancellationToken cancellationToken)
        {
            var poll = new BatchPoll();
            if (!batch)
            {
                // One instance: a GET, which also bridges EC2's lag right after a launch from here.
                await BatchPolls.GetEachAsync(_provider.GetInstanceAsync, pending, poll, cancellationToken).ConfigureAwait(false);
                return poll;
            }

            var ids = new List<string>();
            foreach (var target in pending)
            {
                try
                {
                    ids.Add(AwsValidation.InstanceId(target.Id));
                }
                catch (ProviderException error)
                {
                    poll.Failed[target.Id] = error;
                }
            }

            for (var i = 0; i < ids.Count; i += IdsPerCall)
            {
                var chunk = ids.GetRange(i, Math.Min(IdsPerCall, ids.Count - i));
                var filters = new List<Filter> { new Filter("instance-id", chunk) };
                poll.Requests++;
                await foreach (var instance in _provider.StreamInstancesAsync(filters, cancellationToken).ConfigureAwait(false))
                {
                    poll.Found[instance.InstanceId] = AwsMapper.ToInstance(instance, _provider.Region);
                }
            }

            return poll;
        }

        private static ProviderException? CannotBecomeReady(ProviderInstance instance)
        {
            var state = instance.GetStatus().Raw;
            if (state != "stopping" && state != "stopped")
            {
                return null;
            }

            return new ProviderException(
                ProviderErrorKind.Other,
                $"EC2 instance {instance} is {state}, so it will not become ready by itself. Start it with " +
                $"`aws ec2 start-instances --instance-ids {instance.Id}`, or remove it (Remove-SpuffInstance).")
            {
                ErrorCode = state,
            };
        }
    }
}
