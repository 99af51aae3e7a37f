using System;
using System.Globalization;
using System.Management.Automation;
using Spuff.Core;
using Spuff.PowerShell.Completion;
using Spuff.PowerShell.Internal;

namespace Spuff.PowerShell.Commands
{
    /// <summary>Snapshots an instance and writes the snapshot once the provider has finished it.</summary>
    [Cmdlet(VerbsCommon.New, "SpuffSnapshot", HelpUri = HelpUris.NewSpuffSnapshot, SupportsShouldProcess = true, DefaultParameterSetName = InstanceSet)]
    [OutputType(typeof(Snapshot))]
    public sealed class NewSpuffSnapshotCommand : SpuffCmdlet
    {
        // The snapshot being made ("name", "instance id", "provider"), so Ctrl+C can name it.
        private volatile string[]? _inProgress;

        private const string InstanceSet = "Instance";
        private const string IdSet = "Id";

        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InstanceSet)]
        [ValidateNotNull]
        public ProviderInstance? InputObject { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [ValidateSpuffText]
        public string InstanceId { get; set; } = string.Empty;

        [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ProviderNameCompleter))]
        [ValidateSpuffText(MaxLength = 64)]
        public string Provider { get; set; } = string.Empty;

        [Parameter(ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(RegionCompleter))]
        [ValidateSpuffText(MaxLength = 64)]
        public string? Region { get; set; }

        /// <summary>The snapshot's name. Not bound by property name: a piped record's Name is its instance's.</summary>
        [Parameter(Position = 0)]
        [ValidateSpuffText]
        public string? Name { get; set; }

        [Parameter]
        [TimeoutTransformation]
        [ValidateTimeout]
        public TimeSpan? Timeout { get; set; }

        protected override void Process()
        {
            var instance = InputObject;
            var type = ProviderTypeInfo.Parse(instance?.Provider ?? Provider);
            var instanceId = instance?.Id ?? InstanceId;
            CurrentTarget = (object?)instance ?? instanceId;
            var timeout = Timeout;
            var provider = CreateProvider(type, instance?.Region ?? Region, t => timeout.HasValue ? t.WithActionComplete(timeout.Value) : t);
            if (!provider.SupportsSnapshots)
            {
                throw ProviderSelection.NotSupported(type);
            }

            var baseName = instance != null && !string.IsNullOrEmpty(instance.Name) ? instance.Name : instanceId;
            var name = Name ?? $"{baseName}-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}";
            if (!ShouldProcess($"{baseName} on {type.GetName()}", $"Create snapshot '{name}'"))
            {
                return;
            }

            RunAsync(async cancellationToken =>
            {
                var progress = new ProgressReporter(this, $"Creating snapshot {name}", timeout ?? ProviderTimeouts.Default.ActionComplete);
                _inProgress = new[] { name, instanceId, type.GetName() };
                try
                {
                    var snapshot = await provider.CreateSnapshotAsync(instanceId, name, progress, cancellationToken).ConfigureAwait(false);
                    _inProgress = null;
                    Emit(snapshot);
                }
                finally
                {
                    // Once stopping, OnStopping (which runs after the cancel) still needs the snapshot's name.
                    if (!cancellationToken.IsCancellationRequested)
                    {
                        _inProgress = null;
                    }

                    progress.Complete();
                }
            });
        }

        protected override void OnStopping()
        {
            var snapshot = _inProgress;
            if (snapshot == null)
            {
                return;
            }

            // Ctrl+C after the snapshot was asked for: the provider goes on making it (and bills it).
            try
            {
                Host?.UI?.WriteWarningLine(
                    $"Stopped while snapshot '{snapshot[0]}' of instance {snapshot[1]} on {snapshot[2]} was being made; the provider may still finish it. " +
                    $"Find it with: Get-SpuffSnapshot -Provider {snapshot[2]} -Name '{WildcardPattern.Escape(snapshot[0]).Replace("'", "''")}' (remove it with Remove-SpuffSnapshot).");
            }
            catch (Exception)
            {
                // A host without UI: Get-SpuffSnapshot still lists the snapshot once it exists.
            }
        }
    }
}
