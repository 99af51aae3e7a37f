using System.Text.RegularExpressions;

namespace Spuff.Emulator.Hetzner;

/// <summary>
/// Hetzner's label selector language: <c>k=v</c>, <c>k==v</c>, <c>k!=v</c>, <c>k</c>, <c>!k</c>,
/// <c>k in (a,b)</c>, <c>k notin (a,b)</c>; commas outside parentheses mean AND.
/// </summary>
internal sealed class HetznerLabelSelector
{
    private static readonly Regex SetTerm = new(@"^(?<key>[^\s!=(),]+)\s+(?<op>in|notin)\s*\((?<values>[^()]*)\)$", RegexOptions.CultureInvariant);
    private static readonly Regex CompareTerm = new(@"^(?<key>[^\s!=(),]+)\s*(?<op>==|!=|=)\s*(?<value>[^\s!=(),]*)$", RegexOptions.CultureInvariant);
    private static readonly Regex KeyTerm = new(@"^(?<not>!)?\s*(?<key>[^\s!=(),]+)$", RegexOptions.CultureInvariant);

    private readonly List<Func<IReadOnlyDictionary<string, string>, bool>> _terms = new();

    private HetznerLabelSelector()
    {
    }

    /// <summary>The selector as given (empty for none): the key under which list results are cached.</summary>
    public string Text { get; private init; } = string.Empty;

    /// <summary>Parses a selector; null or empty selects everything. A malformed one is invalid_input.</summary>
    public static HetznerLabelSelector Parse(string? text)
    {
        var selector = new HetznerLabelSelector { Text = text?.Trim() ?? string.Empty };
        if (string.IsNullOrWhiteSpace(text)) return selector;
        foreach (var raw in SplitTerms(text))
        {
            var term = raw.Trim();
            Match m;
            if ((m = SetTerm.Match(term)).Success)
            {
                var key = m.Groups["key"].Value;
                var values = m.Groups["values"].Value.Split(',').Select(v => v.Trim()).ToHashSet(StringComparer.Ordinal);
                var negate = m.Groups["op"].Value == "notin";
                selector._terms.Add(labels => (labels.TryGetValue(key, out var v) && values.Contains(v)) != negate);
            }
            else if ((m = CompareTerm.Match(term)).Success)
            {
                var key = m.Groups["key"].Value;
                var value = m.Groups["value"].Value;
                var negate = m.Groups["op"].Value == "!=";
                selector._terms.Add(labels => (labels.TryGetValue(key, out var v) && v == value) != negate);
            }
            else if ((m = KeyTerm.Match(term)).Success)
            {
                var key = m.Groups["key"].Value;
                var negate = m.Groups["not"].Success;
                selector._terms.Add(labels => labels.ContainsKey(key) != negate);
            }
            else
            {
                throw HetznerApiException.InvalidInput("label_selector", $"invalid label selector expression '{term}'");
            }
        }

        return selector;
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels) => _terms.All(t => t(labels));

    private static IEnumerable<string> SplitTerms(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    if (depth < 0) throw HetznerApiException.InvalidInput("label_selector", "unbalanced parentheses in label selector");
                    break;
                case ',' when depth == 0:
                    yield return text[start..i];
                    start = i + 1;
                    break;
            }
        }

        if (depth != 0) throw HetznerApiException.InvalidInput("label_selector", "unbalanced parentheses in label selector");
        yield return text[start..];
    }
}
