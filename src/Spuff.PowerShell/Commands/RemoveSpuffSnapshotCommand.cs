using System;
using System.Collections.Generic;
using System.Management.Automation;
using Spuff.Core;
using Spuff.PowerShell.Completion;
using Spuff.PowerShell.Internal;

namespace Spuff.PowerShell.Commands
{
    /// <summary>Deletes snapshots. Idempotent: a snapshot that is already gone is not an error.</summary>
    [Cmdlet(VerbsCommon.Remove, "SpuffSnapshot", HelpUri = HelpUris.RemoveSpuffSnapshot, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = SnapshotSet)]
    [OutputType(typeof(Snapshot))]
    public sealed class RemoveSpuffSnapshotCommand : SpuffCmdlet
    {
        private const string SnapshotSet = "Snapshot";
        private const string IdSet = "Id";
        private readonly Dictionary<ProviderType, IProvider> _providers = new Dictionary<ProviderType, IProvider>();

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = SnapshotSet)]
        [ValidateNotNull]
        public Snapshot[] InputObject { get; set; } = Array.Empty<Snapshot>();

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        [Alias("SnapshotId")]
        [ArgumentCompleter(typeof(SnapshotCompleter))]
        [ValidateSpuffText]
        public string[] Id { get; set; } = Array.Empty<string>();

        [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ProviderNameCompleter))]
        [ValidateSpuffText(MaxLength = 64)]
        public string Provider { get; set; } = string.Empty;

        [Parameter(ValueFromPipelineByPropertyName = true)]
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
                    Remove(type, id, null);
                }

                return;
            }

            foreach (var snapshot in InputObject)
            {
                CurrentTarget = snapshot;
                Remove(ProviderTypeInfo.Parse(snapshot.Provider), snapshot.Id, snapshot);
            }
        }

        private void Remove(ProviderType type, string id, Snapshot? snapshot)
        {
            CurrentTarget = (object?)snapshot ?? id;
            if (!_providers.TryGetValue(type, out var provider))
            {
                provider = CreateProvider(type, Region);
                _providers[type] = provider;
            }

            if (!provider.SupportsSnapshots)
            {
                throw ProviderSelection.NotSupported(type);
            }

            var description = snapshot != null && !string.IsNullOrEmpty(snapshot.Name)
                ? $"{snapshot.Name} ({id}) on {type.GetName()}"
                : $"{id} on {type.GetName()}";
            if (!ShouldProcessUnlessForced(Force, description, "Remove snapshot"))
            {
                return;
            }

            var passThru = PassThru.IsPresent;
            RunAsync(async cancellationToken =>
            {
                await provider.DeleteSnapshotAsync(id, cancellationToken).ConfigureAwait(false);
                EmitVerbose($"Removed snapshot {description}.");
                if (passThru)
                {
                    // A record (-Id by property name, a CSV row) passes through as the snapshot it named.
                    Emit(snapshot ?? new Snapshot(id, string.Empty) { Provider = type.GetName() });
                }
            });
        }
    }
}
