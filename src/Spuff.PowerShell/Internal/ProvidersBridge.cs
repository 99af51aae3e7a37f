using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Spuff.Core;
using Spuff.Providers;
using Spuff.Providers.Credentials;
using Spuff.Providers.Waiting;

namespace Spuff.PowerShell.Internal
{
    /// <summary>
    /// The only code of the module that calls into Spuff.Providers directly (beyond the registry's reflection).
    /// Kept to method bodies so that no Spuff.Providers type appears in a signature, field or attribute that
    /// PowerShell could reflect over before a provider is needed; Spuff.Providers loads (into the private
    /// load context) the first time this code runs.
    /// </summary>
    internal static class ProvidersBridge
    {
        /// <summary>Waits for many instances of one provider together (polls bounded by the batch), yielding each
        /// as soon as it is ready or has failed (Timeout, NotFound). <paramref name="targets"/> maps each id to what
        /// the user gave: the instance object (its CreatedAt and labels help the wait) or the id itself.</summary>
        public static async IAsyncEnumerable<WaitOutcome> WaitAllReadyAsync(
            IProvider provider,
            IEnumerable<KeyValuePair<string, object>> targets,
            ProviderTimeouts timeouts,
            IProgress<OperationProgress>? progress,
            [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var waitTargets = new List<WaitTarget>();
            foreach (var target in targets)
            {
                waitTargets.Add(new WaitTarget(target.Key, target.Value as ProviderInstance));
            }

            await foreach (var result in ReadinessWaiter.WaitAllReadyAsync(provider, waitTargets, timeouts, progress, cancellationToken).ConfigureAwait(false))
            {
                yield return new WaitOutcome(result.Id, result.Instance, result.Error);
            }
        }

        /// <summary>Waits until a TCP port (SSH) of a ready instance accepts connections; Timeout after timeouts.SshConnect.</summary>
        public static Task<ProviderInstance> WaitForPortAsync(
            ProviderInstance instance,
            int port,
            ProviderTimeouts timeouts,
            IProgress<OperationProgress>? progress,
            CancellationToken cancellationToken) =>
            PortWaiter.WaitForPortAsync(instance, port, timeouts, progress, cancellationToken);

        /// <summary>Where a provider's credentials come from when -Token was not given (environment, the official
        /// CLIs' config files, the AWS chain, the Docker engine); the token for a token provider.</summary>
        public static CredentialChoice FindCredential(ProviderType type, string? profileName)
        {
            var found = CredentialSources.Find(type, profileName);
            return new CredentialChoice(found.Source, found.Token, found.Note);
        }

        /// <summary>The endpoint a provider would use now, whether it is an override, and why an override is refused.</summary>
        public static string DescribeEndpoint(ProviderType type, out bool isOverride, out string? problem) =>
            ProviderEndpoints.Describe(type, out isOverride, out problem);
    }
}
