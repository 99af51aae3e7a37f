using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Spuff.Core;
using Spuff.PowerShell.Completion;
using Spuff.PowerShell.Internal;

namespace Spuff.PowerShell.Commands
{
    /// <summary>Lists spuff-managed snapshots. Without -Provider it asks every implemented provider with
    /// snapshots whose credentials are configured.</summary>
    [Cmdlet(VerbsCommon.Get, "SpuffSnapshot", HelpUri = HelpUris.GetSpuffSnapshot, DefaultParameterSetName = NameSet)]
    [OutputType(typeof(Snapshot))]
    public sealed class GetSpuffSnapshotCommand : SpuffCmdlet
    {
        private const string NameSet = "Name";
        private const string IdSet = "Id";

        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ProviderNameCompleter))]
        [ValidateSpuffText(MaxLength = 64)]
        public string? Provider { get; set; }

        [Parameter(Position = 1, ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateSpuffText]
        [ValidateWildcard]
        public string[]? Name { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        [Alias("SnapshotId")]
        [ArgumentCompleter(typeof(SnapshotCompleter))]
        [ValidateSpuffText]
        public string[] Id { get; set; } = Array.Empty<string>();

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(RegionCompleter))]
        [ValidateSpuffText(MaxLength = 64)]
        public string? Region { get; set; }

        /// <summary>Only items that carry every one of these labels with exactly that value; filtered on the
        /// server where the API can (Hetzner label_selector, DigitalOcean tag_name, EC2 tag filters, Docker
        /// label filters), like <c>hcloud -l</c> and <c>doctl --tag-name</c>.</summary>
        [Parameter(ParameterSetName = NameSet)]
        [ValidateNotNull]
        [ValidateLabelFilter]
        public Hashtable? Label { get; set; }

        protected override void Process()
        {
            var providers = ProviderSelection.Select(this, Provider, Region, snapshots: true);
            var explicitProvider = Provider != null;
            var ids = ParameterSetName == IdSet ? new HashSet<string>(Id, StringComparer.Ordinal) : null;
            var patterns = NamePatterns.Create(Name);
            var filter = ValidateLabelFilterAttribute.ToFilter(Label);
            var literalNames = (Name ?? Array.Empty<string>()).Where(n => !WildcardPattern.ContainsWildcardCharacters(n)).ToList();
            var seenIds = new HashSet<string>(StringComparer.Ordinal);
            var seenNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            RunAsync(async cancellationToken =>
            {
                foreach (var provider in providers)
                {
                    try
                    {
                        await foreach (var snapshot in provider.ListSnapshotsAsync(filter, cancellationToken).ConfigureAwait(false))
                        {
                            var match = ids != null
                                ? ids.Contains(snapshot.Id)
                                : NamePatterns.Admit(patterns, snapshot.Name);
                            if (match)
                            {
                                seenIds.Add(snapshot.Id);
                                seenNames.Add(snapshot.Name);
                                Emit(snapshot);
                            }
                        }
                    }
                    catch (ProviderException error) when (!explicitProvider)
                    {
                        EmitNonTerminatingError(error, provider.Name, ErrorContext.Snapshot);
                    }
                }

                var missing = ids != null ? ids.Where(i => !seenIds.Contains(i)) : literalNames.Where(n => !seenNames.Contains(n));
                foreach (var key in missing)
                {
                    EmitError(ProviderException.NotFound("snapshot", key), key, ErrorContext.Snapshot);
                }
            });
        }
    }
}
