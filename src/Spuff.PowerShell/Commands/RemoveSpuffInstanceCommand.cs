using System;
using System.Collections.Generic;
using System.Management.Automation;
using Spuff.Core;
using Spuff.PowerShell.Completion;
using Spuff.PowerShell.Internal;

namespace Spuff.PowerShell.Commands
{
    /// <summary>Destroys instances. Idempotent: an instance that is already gone is not an error.</summary>
    [Cmdlet(VerbsCommon.Remove, "SpuffInstance", HelpUri = HelpUris.RemoveSpuffInstance, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = InstanceSet)]
    [OutputType(typeof(ProviderInstance))]
    public sealed class RemoveSpuffInstanceCommand : SpuffCmdlet
    {
        private const string InstanceSet = "Instance";
        private const string IdSet = "Id";
        private readonly Dictionary<(ProviderType, string?), IProvider> _providers = new Dictionary<(ProviderType, string?), IProvider>();

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = InstanceSet)]
        [ValidateNotNull]
        public ProviderInstance[] InputObject { get; set; } = Array.Empty<ProviderInstance>();

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = IdSet)]
        [Alias("InstanceId")]
        [ArgumentCompleter(typeof(InstanceCompleter))]
        [ValidateSpuffText]
        public string[] Id { get; set; } = Array.Empty<string>();

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = IdSet)]
        [ArgumentCompleter(typeof(ProviderNameCompleter))]
        [ValidateSpuffText(MaxLength = 64)]
        public string Provider { get; set; } = string.Empty;

        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = IdSet)]
        [ArgumentCompleter(typeof(RegionCompleter))]
        [ValidateSpuffText(MaxLength = 64)]
        public string? Region { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void Process()
        {
            if (ParameterSetName == IdSet)
            {
                var type = ProviderTypeInfo.Parse(Provider);
                foreach (var id in Id)
                {
                    Remove(type, id, Region, null);
                }

                return;
            }

            foreach (var instance in InputObject)
            {
                CurrentTarget = instance;
                Remove(ProviderTypeInfo.Parse(instance.Provider), instance.Id, instance.Region, instance);
            }
        }

        private void Remove(ProviderType type, string id, string? region, ProviderInstance? instance)
        {
            CurrentTarget = (object?)instance ?? id;
            var provider = ProviderFor(type, region);
            var description = instance != null && !string.IsNullOrEmpty(instance.Name)
                ? $"{instance.Name} ({id}) on {type.GetName()}"
                : $"{id} on {type.GetName()}";
            if (!ShouldProcessUnlessForced(Force, description, "Remove instance"))
            {
                return;
            }

            var passThru = PassThru.IsPresent;
            RunAsync(async cancellationToken =>
            {
                var removed = instance;
                if (passThru && removed == null)
                {
                    removed = await provider.GetInstanceAsync(id, cancellationToken).ConfigureAwait(false);
                }

                await provider.DestroyInstanceAsync(id, cancellationToken).ConfigureAwait(false);
                EmitVerbose($"Removed instance {description}.");
                ForgetHostKeys(type, id);
                if (passThru && removed != null)
                {
                    Emit(removed);
                }
            });
        }

        // The instance is gone: its host keys in Spuff's known-hosts file can only mislead a future machine.
        private void ForgetHostKeys(ProviderType type, string id)
        {
            try
            {
                var forgotten = ProvidersBridge.ForgetHostKeys(null, type.GetName(), id);
                if (forgotten > 0)
                {
                    EmitVerbose($"Forgot {forgotten} SSH host key(s) of instance {id} in {KnownHostsLocation.Default}.");
                }
            }
            catch (Exception error) when (error is System.IO.IOException || error is UnauthorizedAccessException)
            {
                EmitWarning($"Instance {id} was removed, but its SSH host key could not be removed from {KnownHostsLocation.Default}: {error.Message}");
            }
        }

        private IProvider ProviderFor(ProviderType type, string? region)
        {
            // One provider per type and region: the factory checks the region before any request (and AWS needs it).
            var key = (type, region);
            if (!_providers.TryGetValue(key, out var provider))
            {
                provider = CreateProvider(type, key.Item2);
                _providers[key] = provider;
            }

            return provider;
        }
    }
}
