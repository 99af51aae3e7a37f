using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Spuff.Core;
using Spuff.PowerShell.Internal;

namespace Spuff.PowerShell.Commands
{
    /// <summary>
    /// Runs a shell command on instances: over SSH (SSH.NET, host keys checked against Spuff's known-hosts file)
    /// on the cloud providers, through the engine's exec API on Docker. Collects every piped instance and runs
    /// on up to -ThrottleLimit of them at once, writing one <see cref="CommandResult"/> per instance as each ends.
    /// A non-zero exit also writes a non-terminating RemoteCommandFailed error whose TargetObject is the result.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "SpuffCommand", HelpUri = HelpUris.InvokeSpuffCommand, DefaultParameterSetName = CommandSet)]
    [OutputType(typeof(CommandResult))]
    public sealed class InvokeSpuffCommandCommand : SpuffCmdlet
    {
        private const string CommandSet = "Command";
        private const string ScriptBlockSet = "ScriptBlock";
        private readonly List<ProviderInstance> _instances = new List<ProviderInstance>();

        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public ProviderInstance[] InputObject { get; set; } = Array.Empty<ProviderInstance>();

        /// <summary>A POSIX shell command line, run with /bin/sh -c on the instance.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = CommandSet)]
        [ValidateNotNullOrEmpty]
        public string Command { get; set; } = string.Empty;

        /// <summary>The text of the script block is sent as the shell command (it is not run by PowerShell).</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ScriptBlockSet)]
        [ValidateNotNull]
        public ScriptBlock? ScriptBlock { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidateSpuffText(MaxLength = 64)]
        public string? User { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? IdentityFile { get; set; }

        [Parameter]
        [ValidateRange(1, 65535)]
        public int SshPort { get; set; } = 22;

        [Parameter]
        [ValidateRange(1, 1024)]
        public int ThrottleLimit { get; set; } = 32;

        /// <summary>How long the command may run on each instance; none by default.</summary>
        [Parameter]
        [TimeoutTransformation]
        public TimeSpan? Timeout { get; set; }

        protected override void Begin() => ValidateTimeout(Timeout);

        protected override void Process()
        {
            foreach (var instance in InputObject)
            {
                if (instance != null)
                {
                    _instances.Add(instance);
                }
            }
        }

        protected override void End()
        {
            if (_instances.Count == 0)
            {
                return;
            }

            var command = ParameterSetName == ScriptBlockSet ? ScriptBlock!.ToString().Trim() : Command;
            if (string.IsNullOrWhiteSpace(command))
            {
                throw ProviderException.InvalidConfig(ParameterSetName == ScriptBlockSet ? "ScriptBlock" : "Command", "the command is empty.");
            }

            var access = RemoteAccessParameters.Build(this, User, IdentityFile, SshPort, ProviderTimeouts.Default.HttpRequest, Timeout);
            var work = new List<(ProviderInstance Instance, IProvider Provider)>();
            var providers = new Dictionary<(ProviderType, string?), IProvider>();
            foreach (var instance in _instances.GroupBy(i => (i.Provider, i.Id)).Select(g => g.First()))
            {
                var type = ProviderTypeInfo.Parse(instance.Provider);
                var key = (type, type == ProviderType.Aws ? instance.Region : null);
                if (!providers.TryGetValue(key, out var provider))
                {
                    provider = CreateProvider(type, key.Item2);
                    providers[key] = provider;
                }

                work.Add((instance, provider));
            }

            var throttle = ThrottleLimit;
            var log = new CmdletProviderLog(this);
            RunAsync(async cancellationToken =>
            {
                using (var gate = new SemaphoreSlim(throttle))
                {
                    await Task.WhenAll(work.Select(async item =>
                    {
                        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                        try
                        {
                            EmitVerbose($"Running on {item.Instance} ({item.Instance.Provider}): {command}");
                            var result = await ProvidersBridge.RunCommandAsync(item.Provider, item.Instance, command, access, log, cancellationToken).ConfigureAwait(false);
                            Emit(result);
                            if (!result.Succeeded)
                            {
                                Post(() => WriteError(RemoteErrors.CommandFailed(result)));
                            }
                        }
                        catch (ProviderException error)
                        {
                            EmitNonTerminatingError(error, item.Instance);
                        }
                        finally
                        {
                            gate.Release();
                        }
                    })).ConfigureAwait(false);
                }
            });
        }
    }
}
