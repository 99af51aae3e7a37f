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
    /// Completes -Region, -Size and -Image from the provider named by -Provider, through its API
    /// (<see cref="IProviderCatalog"/>) when it has one and credentials are found. Silent on any failure.
    /// </summary>
    public abstract class CatalogCompleter : IArgumentCompleter
    {
        private static readonly string[] WellKnownImages = { "ubuntu-24.04", "ubuntu-22.04", "debian-12", "debian-13" };

        protected CatalogCompleter(CatalogKind kind)
        {
            Kind = kind;
        }

        public CatalogKind Kind { get; }

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
            var entries = new List<CatalogEntry>();
            if (Kind == CatalogKind.Image)
            {
                entries.AddRange(WellKnownImages.Select(i => new CatalogEntry(i)));
            }

            try
            {
                var providerName = fakeBoundParameters?["Provider"] as string;
                if (providerName != null && ProviderTypeInfo.TryParse(providerName, out var type))
                {
                    var token = TokenOf(fakeBoundParameters?["Token"]);
                    entries.AddRange(CatalogCache.Get(type, Kind, token));
                }
                else if (providerName == null && Kind == CatalogKind.Region)
                {
                    return AcrossProviders(prefix);
                }
            }
            catch (Exception)
            {
                // Best effort only.
            }

            return entries
                .Where(e => e.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .GroupBy(e => e.Name, StringComparer.OrdinalIgnoreCase)
                .Select(g => g.First())
                .Select(e => new CompletionResult(Quote(e.Name), e.Name, CompletionResultType.ParameterValue, string.IsNullOrEmpty(e.Description) ? e.Name : e.Description))
                .ToList();
        }

        /// <summary>-Region without -Provider: the regions of every provider with credentials, fetched in parallel
        /// (each within the cache's limit), each entry saying which providers have it.</summary>
        private static List<CompletionResult> AcrossProviders(string prefix)
        {
            var fetches = ProviderTypeInfo.All
                .Select(t => (Type: t, Task: Task.Run(() => CatalogCache.Get(t, CatalogKind.Region, null))))
                .ToList();
            Task.WaitAll(fetches.Select(f => (Task)f.Task).ToArray(), CatalogCache.FetchLimit + TimeSpan.FromMilliseconds(500));
            return fetches
                .Where(f => f.Task.Status == TaskStatus.RanToCompletion)
                .SelectMany(f => f.Task.Result.Select(e => (Provider: f.Type.GetName(), Entry: e)))
                .Where(x => x.Entry.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .GroupBy(x => x.Entry.Name, StringComparer.OrdinalIgnoreCase)
                .OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
                .Select(g =>
                {
                    var first = g.First().Entry;
                    var providers = string.Join(", ", g.Select(x => x.Provider).Distinct());
                    var description = string.IsNullOrEmpty(first.Description) ? first.Name : first.Description;
                    return new CompletionResult(Quote(first.Name), $"{first.Name} ({providers})", CompletionResultType.ParameterValue, $"{description} ({providers})");
                })
                .ToList();
        }

        private static string? TokenOf(object? value)
        {
            var raw = value is PSObject wrapped ? wrapped.BaseObject : value;
            if (raw is string text && !string.IsNullOrWhiteSpace(text))
            {
                return text;
            }

            // A SecureString typed at the prompt is not read back for completion: use the environment instead.
            return null;
        }

        private static string Quote(string value) =>
            value.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', ';', '(', ')', '{', '}', ',', '&', '|', '@', '#' }) >= 0
                ? "'" + value.Replace("'", "''") + "'"
                : value;
    }
}
