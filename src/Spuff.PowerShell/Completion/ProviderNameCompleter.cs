using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Spuff.Core;

namespace Spuff.PowerShell.Completion
{
    /// <summary>Completes -Provider with every provider name and alias.</summary>
    public sealed class ProviderNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
            foreach (var type in ProviderTypeInfo.All)
            {
                foreach (var name in new[] { type.GetName() }.Concat(type.GetAliases()))
                {
                    if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                    {
                        yield return new CompletionResult(name, name, CompletionResultType.ParameterValue, $"{type.GetName()} ({string.Join(", ", type.GetAliases())})");
                    }
                }
            }
        }
    }
}
