using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Spuff.Core;
using Spuff.PowerShell.Completion;
using Spuff.PowerShell.Internal;

namespace Spuff.PowerShell.Commands
{
    /// <summary>
    /// Waits until instances are ready (Active with a usable IP address). Collects every piped instance and
    /// waits for them together, one list request per poll and provider, writing each as it becomes ready.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "SpuffInstance", HelpUri = HelpUris.WaitSpuffInstance, DefaultParameterSetName = InstanceSet)]
    [OutputType(typeof(ProviderInstance))]
    public sealed class WaitSpuffInstanceCommand : SpuffCmdlet
    {
        private const string InstanceSet = "Instance";
        private const string IdSet = "Id";
        private readonly List<(ProviderType Type, string Id, object Target, string? Region)> _targets = new List<(ProviderType, string, object, string?)>();

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = InstanceSet)]
        [ValidateNotNull]
        public ProviderInstance[] InputObject { get; set; } = Array.Empty<ProviderInstance>();

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        [Alias("InstanceId")]
        [ArgumentCompleter(typeof(InstanceCompleter))]
        [ValidateSpuffText]
        public string[] Id { get; set; } = Array.Empty<string>();

        [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ProviderNameCompleter))]
        [ValidateSpuffText(MaxLength = 64)]
        public string Provider { get; set; } = string.Empty;

        [Parameter(ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(RegionCompleter))]
        [ValidateSpuffText(MaxLength = 64)]
        public string? Region { get; set; }

        [Parameter]
        [TimeoutTransformation]
        [ValidateTimeout]
        public TimeSpan? Timeout { get; set; }

        /// <summary>After an instance is ready, also wait until its SSH port accepts connections.</summary>
        [Parameter]
        public SwitchParameter UntilSsh { get; set; }

        [Parameter]
        [ValidateRange(1, 65535)]
        public int SshPort { get; set; } = 22;

        /// <summary>After an instance is ready and an SSH login works, also wait until cloud-init is done.</summary>
        [Parameter]
        public SwitchParameter UntilCloudInit { get; set; }

        /// <summary>The login user for -UntilCloudInit (default: per provider and image).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidateSpuffText(MaxLength = 64)]
        public string? User { get; set; }

        /// <summary>Private keys for the -UntilCloudInit login (default: ~/.ssh/id_ed25519, id_ecdsa, id_rsa).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidateExistingFile]
        public string[]? IdentityFile { get; set; }

        protected override void Process()
        {
            if (ParameterSetName == IdSet)
            {
                var type = ProviderTypeInfo.Parse(Provider);
                if (Region != null)
                {
                    // The provider's factory checks -Region now, before any request; the waits later share one
                    // provider per type (a region matters to AWS only).
                    CreateProvider(type, Region);
                }

                foreach (var id in Id)
                {
                    _targets.Add((type, id, id, Region));
                }

                return;
            }

            foreach (var instance in InputObject)
            {
                CurrentTarget = instance;
                _targets.Add((ProviderTypeInfo.Parse(instance.Provider), instance.Id, instance, instance.Region));
            }
        }

        protected override void End()
        {
            if (_targets.Count == 0)
            {
                return;
            }

            var timeout = Timeout ?? ProviderTimeouts.Default.InstanceReady;
            var groups = _targets
                .GroupBy(t => (t.Type, Region: t.Type == ProviderType.Aws ? t.Region : null))
                .Select(g => (
                    Provider: CreateProvider(g.Key.Type, g.Key.Region, t => t.WithInstanceReady(timeout)),
                    Targets: g.GroupBy(t => t.Id, StringComparer.Ordinal).ToDictionary(x => x.Key, x => x.First().Target, StringComparer.Ordinal)))
                .ToList();

            var total = groups.Sum(g => g.Targets.Count);
            var untilSsh = UntilSsh.IsPresent;
            var sshPort = SshPort;
            var untilCloudInit = UntilCloudInit.IsPresent;
            var access = untilCloudInit ? RemoteAccessParameters.Build(this, User, IdentityFile, SshPort, ProviderTimeouts.Default.HttpRequest) : null;
            var progress = new ProgressReporter(this, total == 1 ? $"Waiting for {_targets[0].Target}" : $"Waiting for {total} instances", timeout);
            RunAsync(async cancellationToken =>
            {
                try
                {
                    await Task.WhenAll(groups.Select(async group =>
                    {
                        var timeouts = ProviderTimeouts.Default.WithInstanceReady(timeout);
                        var pending = new HashSet<string>(group.Targets.Keys, StringComparer.Ordinal);
                        var portWaits = new List<Task>();
                        try
                        {
                            await foreach (var outcome in ProvidersBridge.WaitAllReadyAsync(group.Provider, group.Targets, timeouts, progress, cancellationToken).ConfigureAwait(false))
                            {
                                pending.Remove(outcome.Id);
                                var target = group.Targets.TryGetValue(outcome.Id, out var t) ? t : outcome.Id;
                                if (outcome.Error == null && outcome.Instance != null && (untilSsh || untilCloudInit))
                                {
                                    // Ports and cloud-init are waited for side by side, so one slow machine holds up nobody else.
                                    portWaits.Add(WaitForSshAsync(group.Provider, outcome.Instance, target, untilSsh, sshPort, untilCloudInit ? access : null, timeout, progress, cancellationToken));
                                }
                                else if (outcome.Error == null && outcome.Instance != null)
                                {
                                    Emit(outcome.Instance);
                                }
                                else
                                {
                                    EmitError(outcome.Error ?? ProviderException.NotFound("instance", outcome.Id), target, ErrorContext.Wait);
                                }
                            }
                        }
                        catch (ProviderException error)
                        {
                            // The poll itself failed (after the provider's retries): the wait ended for every
                            // instance still pending, so each gets the error with itself as TargetObject.
                            foreach (var id in pending)
                            {
                                EmitError(error, group.Targets[id], ErrorContext.Wait);
                            }
                        }

                        await Task.WhenAll(portWaits).ConfigureAwait(false);
                    })).ConfigureAwait(false);
                }
                finally
                {
                    progress.Complete();
                }
            });
        }

        private async Task WaitForSshAsync(IProvider provider, ProviderInstance instance, object target, bool untilSsh, int port, RemoteAccess? cloudInit, TimeSpan timeout, IProgress<OperationProgress> progress, System.Threading.CancellationToken cancellationToken)
        {
            try
            {
                // -Timeout bounds each phase; without it SSH gets SshConnect and cloud-init CloudInit (300 s, 600 s).
                var timeouts = Timeout.HasValue ? new ProviderTimeouts(sshConnect: timeout, cloudInit: timeout) : ProviderTimeouts.Default;
                if (untilSsh)
                {
                    instance = await ProvidersBridge.WaitForPortAsync(instance, port, timeouts, progress, cancellationToken).ConfigureAwait(false);
                }

                if (cloudInit != null)
                {
                    instance = await ProvidersBridge.WaitForCloudInitAsync(provider, instance, cloudInit, timeouts, progress, new CmdletProviderLog(this), cancellationToken).ConfigureAwait(false);
                }

                Emit(instance);
            }
            catch (ProviderException error)
            {
                EmitError(error, target, ErrorContext.Wait);
            }
        }
    }
}
