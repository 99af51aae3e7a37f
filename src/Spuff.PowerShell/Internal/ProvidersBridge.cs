using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Spuff.Core;
using Spuff.Providers;
using Spuff.Providers.Credentials;
using Spuff.Providers.Ssh;
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

        /// <summary>Runs a command on an instance: the provider's own runner (Docker exec) or SSH.</summary>
        public static Task<CommandResult> RunCommandAsync(IProvider provider, ProviderInstance instance, string command, RemoteAccess access, IProviderLog? log, CancellationToken cancellationToken) =>
            (provider as ICommandRunner ?? new SshCommandRunner(log)).RunCommandAsync(instance, command, access, cancellationToken);

        /// <summary>Waits until an SSH login works, then until cloud-init is done (see CloudInitWaiter).</summary>
        public static Task<ProviderInstance> WaitForCloudInitAsync(
            IProvider provider,
            ProviderInstance instance,
            RemoteAccess access,
            ProviderTimeouts timeouts,
            IProgress<OperationProgress>? progress,
            IProviderLog? log,
            CancellationToken cancellationToken) =>
            CloudInitWaiter.WaitAsync(provider, instance, access, timeouts, progress, log, cancellationToken);

        /// <summary>Forgets the host keys Spuff learnt for an instance; how many entries went.</summary>
        public static int ForgetHostKeys(string? knownHostsFile, string provider, string instanceId) =>
            new KnownHostsStore(knownHostsFile).Forget(provider, instanceId);

        /// <summary>The host-key alias Spuff files an instance's key under (for ssh -o HostKeyAlias).</summary>
        public static string HostKeyAlias(ProviderInstance instance, int port) =>
            KnownHostsStore.Alias(instance.Provider, instance.Id, instance.IPAddress?.ToString() ?? string.Empty, port);

        /// <summary>
        /// Makes sure Spuff knows the instance's host key before OpenSSH checks it strictly: contacts the instance
        /// once with SSH.NET (learning the key on first contact, refusing a changed one). A refused login is fine
        /// here; the key exchange came first. Returns the key type learnt (ssh-ed25519, …).
        /// </summary>
        public static async Task<string?> EnsureHostKeyAsync(ProviderInstance instance, RemoteAccess access, IProviderLog? log, CancellationToken cancellationToken)
        {
            var store = new KnownHostsStore(access.KnownHostsFile);
            var alias = KnownHostsStore.Alias(instance.Provider, instance.Id, instance.IPAddress?.ToString() ?? string.Empty, access.Port);
            var known = store.KnownKeyType(alias);
            if (known != null)
            {
                return known;
            }

            try
            {
                // Only the key exchange matters: log in with "none", which the server refuses after it.
                using (await SshSession.OpenAsync(instance, access, log, cancellationToken, hostKeyOnly: true).ConfigureAwait(false))
                {
                }
            }
            catch (ProviderException error) when (error.ErrorCode == SshErrors.AuthenticationFailed)
            {
                // OpenSSH will log in with the agent or ~/.ssh/config; all we needed was the key exchange.
            }

            return store.KnownKeyType(alias);
        }

        /// <summary>The Docker engine address Spuff uses (SPUFF_DOCKER_ENDPOINT, DOCKER_HOST, the platform default).</summary>
        public static string DockerEndpoint() => Spuff.Providers.Docker.DockerProvider.CurrentEndpoint();
    }
}
