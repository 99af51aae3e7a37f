using System;
using System.Threading;
using System.Threading.Tasks;
using Spuff.Core;

namespace Spuff.Providers.Waiting
{
    /// <summary>What "ready" means for every provider, and the rules that end a wait early or keep it going.</summary>
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
                return WaitDecision.Done(instance.GetStatus().ToString());
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

        /// <summary>
        /// <see cref="Judge(string, ProviderInstance)"/> with the provider's rules: "not found" within the grace after
        /// the create (by <paramref name="createdHint"/> or the provider's memory) means "not visible yet"; a state the
        /// provider says cannot become ready by itself ends the wait with its explanation.
        /// </summary>
        public static async Task<WaitDecision> JudgeAsync(string id, ProviderInstance? instance, ReadinessRules rules, DateTimeOffset? createdHint, CancellationToken cancellationToken)
        {
            if (instance == null)
            {
                var created = rules.CreatedAt(id, createdHint);
                if (created == null)
                {
                    return Judge(id, null);
                }

                var age = rules.Time.GetUtcNow() - created.Value;
                if (age < rules.Grace)
                {
                    return WaitDecision.Continue($"not visible yet (created {Seconds(age)} ago)");
                }

                if (age > rules.Grace + TimeSpan.FromMinutes(5))
                {
                    // Long past any lag: simply gone (deleted since), not "never became visible".
                    return Judge(id, null);
                }

                var gone = ProviderException.NotFound("instance", id);
                gone = new ProviderException(ProviderErrorKind.NotFound, $"Instance {id} was created {Seconds(age)} ago and is still not found after the {Seconds(rules.Grace)} grace a new instance gets to become visible; it is gone.")
                {
                    ResourceType = gone.ResourceType,
                    ResourceId = id,
                    Provider = rules.Provider,
                };
                return WaitDecision.Fail(gone);
            }

            var decision = Judge(id, instance);
            if (decision.IsDone || decision.Failure != null || rules.CannotBecomeReady == null)
            {
                return decision;
            }

            var stuck = await rules.CannotBecomeReady(instance, cancellationToken).ConfigureAwait(false);
            if (stuck == null)
            {
                return decision;
            }

            stuck.Provider ??= rules.Provider;
            stuck.ResourceType ??= "instance";
            stuck.ResourceId ??= id;
            return WaitDecision.Fail(stuck);
        }

        /// <summary>Polls <paramref name="get"/> until <see cref="Judge(string, ProviderInstance)"/> says done (no grace,
        /// no terminal states beyond destruction); for providers without <see cref="ReadinessRules"/>.</summary>
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

        private static string Seconds(TimeSpan span) => $"{Math.Max(0, span.TotalSeconds):0} s";
    }
}
