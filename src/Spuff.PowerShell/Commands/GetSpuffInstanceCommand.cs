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
    /// <summary>
    /// Lists spuff-managed instances, streaming page by page. Without -Provider it asks every implemented
    /// provider whose credentials are configured and quietly skips the others.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "SpuffInstance", HelpUri = HelpUris.GetSpuffInstance, DefaultParameterSetName = NameSet)]
    [OutputType(typeof(ProviderInstance))]
    public sealed class GetSpuffInstanceCommand : SpuffCmdlet
    {
        private const string NameSet = "Name";
        private const string IdSet = "Id";

        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ProviderNameCompleter))]
        [ValidateSpuffText(MaxLength = 64)]
        public string? Provider { get; set; }

        [Parameter(Position = 1, ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(InstanceCompleter))]
        [ValidateSpuffText]
        [ValidateWildcard]
        public string[]? Name { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        [Alias("InstanceId")]
        [ArgumentCompleter(typeof(InstanceCompleter))]
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

        /// <summary>Only instances whose ExpiresAt (New-SpuffInstance -TimeToLive) has passed.</summary>
        [Parameter]
        public SwitchParameter Expired { get; set; }

        protected override void Process()
        {
            var providers = ProviderSelection.Select(this, Provider, Region, snapshots: false);
            var explicitProvider = Provider != null;
            var expired = Expired.IsPresent;
            var now = DateTimeOffset.UtcNow;
            if (ParameterSetName == IdSet)
            {
                var ids = Id;
                RunAsync(async cancellationToken =>
                {
                    foreach (var id in ids)
                    {
                        var done = false;
                        foreach (var provider in providers)
                        {
                            ProviderInstance? instance;
                            try
                            {
                                instance = await provider.GetInstanceAsync(id, cancellationToken).ConfigureAwait(false);
                            }
                            catch (ProviderException error)
                            {
                                // One id failing (a 500, a rate limit after retries) must not hide the others;
                                // without -Provider, one provider failing must not hide the others either.
                                if (explicitProvider)
                                {
                                    EmitError(error, id);
                                    done = true;
                                    break;
                                }

                                EmitNonTerminatingError(error, id);
                                continue;
                            }

                            if (instance != null)
                            {
                                if (!expired || instance.IsExpiredAt(now))
                                {
                                    Emit(instance);
                                }

                                done = true;
                                break;
                            }
                        }

                        if (!done)
                        {
                            EmitError(ProviderException.NotFound("instance", id), id);
                        }
                    }
                });
                return;
            }

            var patterns = NamePatterns.Create(Name);
            var filter = ValidateLabelFilterAttribute.ToFilter(Label);
            var literalNames = (Name ?? Array.Empty<string>()).Where(n => !WildcardPattern.ContainsWildcardCharacters(n)).ToList();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            RunAsync(async cancellationToken =>
            {
                foreach (var provider in providers)
                {
                    try
                    {
                        await foreach (var instance in provider.ListInstancesAsync(filter, cancellationToken).ConfigureAwait(false))
                        {
                            if (NamePatterns.Admit(patterns, instance.Name) && (!expired || instance.IsExpiredAt(now)))
                            {
                                // Only literal names are reported as not found: remembering every name listed would grow with the account.
                                if (literalNames.Count > 0)
                                {
                                    seen.Add(instance.Name);
                                }

                                Emit(instance);
                            }
                        }
                    }
                    catch (ProviderException error) when (!explicitProvider)
                    {
                        EmitNonTerminatingError(error, provider.Name);
                    }
                }

                foreach (var name in literalNames.Where(n => !seen.Contains(n) && !expired))
                {
                    EmitError(ProviderException.NotFound("instance", name), name);
                }
            });
        }
    }
}
