using System;
using System.Linq;
using System.Management.Automation;
using Spuff.Core;
using Spuff.PowerShell.Completion;
using Spuff.PowerShell.Internal;

namespace Spuff.PowerShell.Commands
{
    /// <summary>Lists the providers Spuff knows: names, aliases, what works, where credentials come from (never
    /// the secret) and which endpoint calls go to.</summary>
    [Cmdlet(VerbsCommon.Get, "SpuffProvider", HelpUri = HelpUris.GetSpuffProvider)]
    [OutputType(typeof(SpuffProviderInfo))]
    public sealed class GetSpuffProviderCommand : PSCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ProviderNameCompleter))]
        [ValidateSpuffText(MaxLength = 64)]
        [ValidateWildcard]
        public string[]? Name { get; set; }

        protected override void ProcessRecord()
        {
            var patterns = NamePatterns.Create(Name ?? new[] { "*" });
            var matched = false;
            foreach (var type in ProviderTypeInfo.All)
            {
                var names = new[] { type.GetName() }.Concat(type.GetAliases());
                if (!names.Any(n => patterns.Any(p => p.IsMatch(n))))
                {
                    continue;
                }

                matched = true;
                bool implemented, snapshots;
                try
                {
                    implemented = ProviderHost.IsImplemented(type);
                    snapshots = ProviderHost.SupportsSnapshots(type);
                }
                catch (Exception error) when (!(error is PipelineStoppedException))
                {
                    WriteWarning($"Could not load the providers of Spuff: {error.Message}");
                    implemented = false;
                    snapshots = false;
                }

                string? source = null;
                string? endpoint = null;
                try
                {
                    var choice = Credentials.Choose(type, null, null);
                    source = choice.Source;
                    if (choice.Note != null)
                    {
                        WriteVerbose($"{type.GetName()}: {choice.Note}");
                    }

                    endpoint = ProvidersBridge.DescribeEndpoint(type, out var isOverride, out var problem);
                    if (problem != null)
                    {
                        WriteWarning($"{type.GetName()}: the endpoint override is refused: {problem}");
                    }
                    else if (isOverride)
                    {
                        WriteVerbose($"{type.GetName()}: the endpoint is overridden: {endpoint}.");
                    }
                }
                catch (Exception error) when (!(error is PipelineStoppedException))
                {
                    WriteWarning($"Could not look up the credentials of {type.GetName()}: {error.Message}");
                }

                WriteObject(new SpuffProviderInfo(
                    type.GetName(),
                    type.GetAliases(),
                    implemented,
                    snapshots,
                    type.GetTokenEnvironmentVariables(),
                    source,
                    endpoint));
            }

            if (!matched && Name != null && Name.All(n => !WildcardPattern.ContainsWildcardCharacters(n)))
            {
                var error = ProviderException.UnknownProvider(string.Join(", ", Name), ProviderTypeInfo.SupportedNames);
                WriteError(ErrorMapper.Map(error, Name, ErrorContext.Default).Record);
            }
        }
    }
}
