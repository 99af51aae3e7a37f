using System;
using System.Threading;
using System.Threading.Tasks;
using Spuff.Core;
using Spuff.Providers.Docker;
using Spuff.Providers.Waiting;

namespace Spuff.Providers.Ssh
{
    /// <summary>
    /// Waits until cloud-init has finished on a ready instance: first until an SSH login works (retried within
    /// <see cref="ProviderTimeouts.SshConnect"/>; a changed host key is never retried), then until
    /// <c>cloud-init status</c> says done (within <see cref="ProviderTimeouts.CloudInit"/>), polling over the same
    /// session and logging in again if cloud-init rebooted the machine. A cloud-init error is a ProviderException
    /// (ErrorCode CloudInitFailed) carrying cloud-init's status and the tail of its log. Docker: the same, through
    /// the engine's exec API.
    /// </summary>
    public static class CloudInitWaiter
    {
        public const string FailedCode = "CloudInitFailed";

        public static async Task<ProviderInstance> WaitAsync(
            IProvider provider,
            ProviderInstance instance,
            RemoteAccess access,
            ProviderTimeouts timeouts,
            IProgress<OperationProgress>? progress,
            IProviderLog? log,
            CancellationToken cancellationToken)
        {
            IRemoteShell? shell = null;
            try
            {
                shell = await LoginAsync(provider, instance, access, timeouts, progress, log, cancellationToken).ConfigureAwait(false);
                var options = new WaitOptions($"wait for cloud-init on instance {instance.Id} to finish", timeouts.CloudInit, timeouts.PollInterval)
                {
                    Activity = $"Waiting for cloud-init on {instance}",
                    TargetId = instance.Id,
                };
                var status = await Waiter.WaitAsync(
                    async ct =>
                    {
                        if (shell == null)
                        {
                            // cloud-init may reboot the machine: log in again, within what is left of this wait.
                            try
                            {
                                shell = await OpenAsync(provider, instance, access, log, ct).ConfigureAwait(false);
                            }
                            catch (ProviderException error) when (IsRetryableLogin(error))
                            {
                                return new CloudInitStatus("reconnecting", -1, error.Message);
                            }
                        }

                        try
                        {
                            var result = await shell.RunAsync(CloudInitStatus.Probe, timeouts.HttpRequest, ct).ConfigureAwait(false);
                            return CloudInitStatus.Parse(result.ExitCode, result.StdOut);
                        }
                        catch (ProviderException error) when (error.Kind == ProviderErrorKind.Network || error.Kind == ProviderErrorKind.Timeout)
                        {
                            shell.Dispose();
                            shell = null;
                            return new CloudInitStatus("reconnecting", -1, error.Message);
                        }
                    },
                    s => s.IsDone ? WaitDecision.Done("cloud-init " + s.State)
                        : s.IsError ? WaitDecision.Fail(new ProviderException(ProviderErrorKind.Other, "cloud-init reported an error") { ErrorCode = FailedCode })
                        : WaitDecision.Continue("cloud-init " + s.State),
                    options,
                    progress,
                    cancellationToken).ConfigureAwait(false);

                if (status.State == "not-installed")
                {
                    log?.Write(ProviderLogLevel.Warning, $"{instance}: no cloud-init and no Spuff user data on this machine; there was nothing to wait for.");
                }
                else if (status.IsDegraded)
                {
                    log?.Write(ProviderLogLevel.Warning, $"{instance}: cloud-init finished with recoverable errors (see `cloud-init status --long` on the machine).");
                }

                return instance;
            }
            catch (ProviderException error) when (error.ErrorCode == FailedCode && shell != null)
            {
                throw await FailedAsync(shell, instance, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                shell?.Dispose();
            }
        }

        private static async Task<IRemoteShell> LoginAsync(
            IProvider provider,
            ProviderInstance instance,
            RemoteAccess access,
            ProviderTimeouts timeouts,
            IProgress<OperationProgress>? progress,
            IProviderLog? log,
            CancellationToken cancellationToken)
        {
            if (provider is DockerProvider)
            {
                return await OpenAsync(provider, instance, access, log, cancellationToken).ConfigureAwait(false);
            }

            var attempt = access.Clone();
            attempt.ConnectTimeout = TimeSpan.FromTicks(Math.Min(access.ConnectTimeout.Ticks, Math.Max(TimeSpan.FromSeconds(2).Ticks, timeouts.SshConnect.Ticks)));
            var options = new WaitOptions($"log in over SSH to instance {instance.Id}", timeouts.SshConnect, timeouts.PollInterval)
            {
                Activity = $"Waiting for an SSH login to {instance}",
                TargetId = instance.Id,
            };
            IRemoteShell? opened = null;
            await Waiter.WaitAsync(
                async ct =>
                {
                    try
                    {
                        opened = await OpenAsync(provider, instance, attempt, log, ct).ConfigureAwait(false);
                        return (string?)null;
                    }
                    catch (ProviderException error) when (IsRetryableLogin(error))
                    {
                        // A fresh machine refuses logins until sshd runs and cloud-init has put the key in place.
                        log?.Write(ProviderLogLevel.Debug, "ssh: login not possible yet: " + error.Message);
                        return error.ErrorCode == SshErrors.AuthenticationFailed ? "login refused (key not installed yet?)" : "SSH not answering";
                    }
                },
                answer => answer == null ? WaitDecision.Done("logged in") : WaitDecision.Continue(answer),
                options,
                progress,
                cancellationToken).ConfigureAwait(false);
            return opened!;
        }

        private static async Task<IRemoteShell> OpenAsync(IProvider provider, ProviderInstance instance, RemoteAccess access, IProviderLog? log, CancellationToken cancellationToken)
        {
            if (provider is DockerProvider docker)
            {
                return docker.OpenShell(instance, access);
            }

            return await SshSession.OpenAsync(instance, access, log, cancellationToken).ConfigureAwait(false);
        }

        // Worth another try within the deadline: not reachable yet, or the key not installed yet. Never a changed
        // host key or bad input.
        private static bool IsRetryableLogin(ProviderException error) =>
            error.ErrorCode != SshErrors.HostKeyChanged &&
            (error.Kind == ProviderErrorKind.Network || error.Kind == ProviderErrorKind.Timeout || error.ErrorCode == SshErrors.AuthenticationFailed);

        private static async Task<ProviderException> FailedAsync(IRemoteShell shell, ProviderInstance instance, CancellationToken cancellationToken)
        {
            string details;
            try
            {
                var result = await shell.RunAsync(CloudInitStatus.Details, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
                details = (result.StdOut + result.StdErr).Trim();
            }
            catch (ProviderException error)
            {
                details = "(could not read cloud-init's details: " + error.Message + ")";
            }

            return new ProviderException(
                ProviderErrorKind.Other,
                $"cloud-init failed on instance {instance}. The machine is running but may be half set up." +
                (details.Length > 0 ? Environment.NewLine + details : string.Empty))
            {
                Provider = instance.Provider,
                ResourceType = "instance",
                ResourceId = instance.Id,
                ErrorCode = FailedCode,
            };
        }
    }
}
