using System;
using System.Threading;
using System.Threading.Tasks;
using Spuff.Core;

namespace Spuff.Providers.Waiting
{
    /// <summary>What "ready" means for every provider, and the single-instance wait built on it.</summary>
    public static class InstanceReadiness
    {
        /// <summary>Done when Active with a usable IP; fails at once when the instance is gone or being destroyed.</summary>
        public static WaitDecision Judge(string id, ProviderInstance? instance)
        {
            if (instance == null)
            {
                return WaitDecision.Fail(ProviderException.NotFound("instance", id));
            }

            if (instance.IsReady)
            {
                return WaitDecision.Done(instance.Status.ToString());
            }

            if (instance.GetStatus().Kind == InstanceStatusKind.Archive)
            {
                return WaitDecision.Fail(new ProviderException(
                    ProviderErrorKind.NotFound,
                    $"Instance {id} is being destroyed ({instance.GetStatus().Raw}); it will never be ready.")
                {
                    ResourceType = "instance",
                    ResourceId = id,
                    Provider = instance.Provider,
                });
            }

            return WaitDecision.Continue(instance.GetStatus().Kind == InstanceStatusKind.Active
                ? "active, waiting for an IP address"
                : instance.GetStatus().Raw);
        }

        /// <summary>Polls <paramref name="get"/> until <see cref="Judge"/> says done; the body of every WaitReadyAsync.</summary>
        public static async Task<ProviderInstance> WaitAsync(
            Func<CancellationToken, Task<ProviderInstance?>> get,
            string id,
            ProviderTimeouts timeouts,
            IProgress<OperationProgress>? progress,
            CancellationToken cancellationToken,
            Func<TimeSpan, TimeSpan>? pacer = null)
        {
            var options = WaitOptions.ForReady(timeouts, id);
            options.Pacer = pacer;
            var instance = await Waiter.WaitAsync(get, i => Judge(id, i), options, progress, cancellationToken).ConfigureAwait(false);
            return instance!;
        }
    }
}
