using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Spuff.Core;

namespace Spuff.PowerShell.Internal
{
    /// <summary>
    /// The only code of the module that calls into Spuff.Providers directly (beyond the registry's reflection).
    /// Kept to method bodies so that no Spuff.Providers type appears in a signature, field or attribute that
    /// PowerShell could reflect over before a provider is needed.
    /// </summary>
    internal static class ProvidersBridge
    {
        /// <summary>Waits for many instances of one provider together; yields each as soon as it is ready or failed.</summary>
        public static async IAsyncEnumerable<WaitOutcome> WaitAllReadyAsync(
            IProvider provider,
            IReadOnlyCollection<string> ids,
            ProviderTimeouts timeouts,
            IProgress<OperationProgress>? progress,
            [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            // Temporary: one list request per poll until Spuff.Providers.Waiting.ReadinessWaiter lands on main.
            var pending = new List<string>(ids.Distinct(StringComparer.Ordinal));
            var total = pending.Count;
            var started = DateTime.UtcNow;
            var pause = TimeSpan.FromMilliseconds(250);
            while (pending.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var listed = new Dictionary<string, ProviderInstance>(StringComparer.Ordinal);
                await foreach (var instance in provider.ListInstancesAsync(cancellationToken).ConfigureAwait(false))
                {
                    listed[instance.Id] = instance;
                }

                foreach (var id in pending.ToArray())
                {
                    if (!listed.TryGetValue(id, out var instance))
                    {
                        pending.Remove(id);
                        yield return new WaitOutcome(id, null, ProviderException.NotFound("instance", id));
                    }
                    else if (instance.IsReady)
                    {
                        pending.Remove(id);
                        yield return new WaitOutcome(id, instance, null);
                    }
                }

                var elapsed = DateTime.UtcNow - started;
                progress?.Report(new OperationProgress("Waiting for instances", $"{total - pending.Count} of {total} ready", elapsed, timeouts.InstanceReady));
                if (pending.Count == 0)
                {
                    yield break;
                }

                if (elapsed >= timeouts.InstanceReady)
                {
                    foreach (var id in pending)
                    {
                        var timeout = ProviderException.Timeout($"wait for instance {id} to be ready", elapsed);
                        timeout.ResourceId = id;
                        yield return new WaitOutcome(id, null, timeout);
                    }

                    yield break;
                }

                await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, timeouts.PollInterval.Ticks));
            }
        }
    }
}
