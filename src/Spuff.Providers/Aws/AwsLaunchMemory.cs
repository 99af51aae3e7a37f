using System;
using System.Collections.Concurrent;

namespace Spuff.Providers.Aws
{
    /// <summary>
    /// The instances this provider launched in the last minute. EC2 is eventually consistent: for a short while after
    /// RunInstances, DescribeInstances and TerminateInstances may answer InvalidInstanceID.NotFound for the new id.
    /// Such an id is reported as pending (so a wait does not fail fast) and a terminate is tried again, instead of
    /// taking "not found" as "gone".
    /// </summary>
    internal sealed class AwsLaunchMemory
    {
        public static readonly TimeSpan Grace = TimeSpan.FromSeconds(60);

        private readonly ConcurrentDictionary<string, DateTimeOffset> _launched = new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);

        public void Remember(string instanceId, DateTimeOffset at) => _launched[instanceId] = at;

        /// <summary>How much of the grace period is left for this id; zero when it was not launched here lately.</summary>
        public TimeSpan Remaining(string instanceId)
        {
            if (!_launched.TryGetValue(instanceId, out var at))
            {
                return TimeSpan.Zero;
            }

            var left = Grace - (DateTimeOffset.UtcNow - at);
            if (left > TimeSpan.Zero)
            {
                return left;
            }

            _launched.TryRemove(instanceId, out _);
            return TimeSpan.Zero;
        }
    }
}
