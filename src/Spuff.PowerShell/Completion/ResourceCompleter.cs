using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading.Tasks;
using Spuff.Core;

namespace Spuff.PowerShell.Completion
{
    /// <summary>
    /// Completes -Name (with the name) and -Id (with the id) from the provider's own list of instances or
    /// snapshots: the provider named by -Provider, else every provider with credentials in parallel. The list
    /// text and tooltip say id, provider and status. Silent and quick on any failure (see <see cref="ResourceCache"/>).
    /// </summary>
    public abstract class ResourceCompleter : IArgumentCompleter
    {
        private static readonly char[] NeedsQuotes = { ' ', '\'', '"', '$', '`', ';', '(', ')', '{', '}', ',', '&', '|', '@', '#', '[', ']', '*', '?' };

        protected ResourceCompleter(ResourceKind kind)
        {
            Kind = kind;
        }

        public ResourceKind Kind { get; }

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                var prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
                var byId = string.Equals(parameterName, "Id", StringComparison.OrdinalIgnoreCase) ||
                           string.Equals(parameterName, "InstanceId", StringComparison.OrdinalIgnoreCase) ||
                           string.Equals(parameterName, "SnapshotId", StringComparison.OrdinalIgnoreCase);
                return Entries(fakeBoundParameters)
                    .Where(e => (byId ? e.Id : e.Name).StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ||
                                (byId && e.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
                    .OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase)
                    .ThenBy(e => e.Id, StringComparer.Ordinal)
                    .Select(e => Result(e, byId))
                    .ToList();
            }
            catch (Exception)
            {
                // Best effort only: Tab never prints an error.
                return Array.Empty<CompletionResult>();
            }
        }

        private IEnumerable<ResourceEntry> Entries(IDictionary? fakeBoundParameters)
        {
            var providerName = fakeBoundParameters?["Provider"] as string;
            if (providerName != null)
            {
                return ProviderTypeInfo.TryParse(providerName, out var type)
                    ? ResourceCache.Get(type, Kind, TokenOf(fakeBoundParameters?["Token"]))
                    : Enumerable.Empty<ResourceEntry>();
            }

            var fetches = ProviderTypeInfo.All.Select(t => Task.Run(() => ResourceCache.Get(t, Kind, null))).ToArray();
            Task.WaitAll(fetches, CatalogCache.FetchLimit + TimeSpan.FromMilliseconds(500));
            return fetches.Where(f => f.Status == TaskStatus.RanToCompletion).SelectMany(f => f.Result).ToList();
        }

        private static CompletionResult Result(ResourceEntry entry, bool byId)
        {
            var value = byId ? entry.Id : entry.Name;
            var status = entry.Status == null ? string.Empty : ", " + entry.Status;
            var listText = byId ? $"{entry.Id} ({entry.Name})" : entry.Name;
            var toolTip = byId ? $"{entry.Name} ({entry.Provider}{status})" : $"id {entry.Id} ({entry.Provider}{status})";
            return new CompletionResult(Quote(value), listText, CompletionResultType.ParameterValue, toolTip);
        }

        private static string? TokenOf(object? value)
        {
            var raw = value is PSObject wrapped ? wrapped.BaseObject : value;

            // A SecureString typed at the prompt is not read back for completion: the environment is used instead.
            return raw is string text && !string.IsNullOrWhiteSpace(text) ? text : null;
        }

        // Wildcard characters are quoted too: -Name takes patterns, and a name is offered as itself.
        private static string Quote(string value) =>
            value.Length == 0 || value.IndexOfAny(NeedsQuotes) >= 0 ? "'" + value.Replace("'", "''") + "'" : value;
    }
}
