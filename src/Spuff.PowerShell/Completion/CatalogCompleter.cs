using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
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
