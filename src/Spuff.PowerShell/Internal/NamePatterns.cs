using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace Spuff.PowerShell.Internal
{
    /// <summary>
    /// The one way cmdlets match names: wildcards that ignore case without the current culture. With only
    /// IgnoreCase, WildcardPattern folds case by the current culture, so in a tr-TR session 'ISTANBUL-1' does not
    /// match 'istanbul-1' (I lowers to dotless ı). Literal names are compared with OrdinalIgnoreCase.
    /// </summary>
    internal static class NamePatterns
    {
        public const WildcardOptions Options = WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant;

        public static WildcardPattern Create(string pattern) => new WildcardPattern(pattern, Options);

        public static WildcardPattern[] Create(IEnumerable<string>? patterns) =>
            (patterns ?? Enumerable.Empty<string>()).Select(Create).ToArray();

        /// <summary>True when there are no patterns or one of them matches <paramref name="name"/>.</summary>
        public static bool Admit(WildcardPattern[] patterns, string? name) =>
            patterns.Length == 0 || patterns.Any(p => p.IsMatch(name ?? string.Empty));
    }
}
