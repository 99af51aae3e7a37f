using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace Spuff.Providers.Http
{
    /// <summary>
    /// One provider's words for the request fields behind the cmdlet parameters (DigitalOcean "size", Hetzner
    /// "server_type" → Size), so an error can name the parameter the user typed. Each decoder keeps its own.
    /// </summary>
    public sealed class ParameterVocabulary
    {
        private readonly Dictionary<string, string> _fields;
        private readonly Regex _inProse;

        /// <param name="fields">Wire field name (and phrases used in prose, e.g. "server type") → cmdlet parameter.</param>
        public ParameterVocabulary(IDictionary<string, string> fields)
        {
            _fields = new Dictionary<string, string>(fields, StringComparer.OrdinalIgnoreCase);
            var words = new List<string>();
            foreach (var key in _fields.Keys)
            {
                words.Add(Regex.Escape(key).Replace("_", "[_ ]").Replace(@"\ ", "[_ ]"));
            }

            // Longest first, so "server type" wins over "type" and "ssh keys" over "keys".
            words.Sort((a, b) => b.Length.CompareTo(a.Length));
            _inProse = new Regex(@"\b(?<w>" + string.Join("|", words) + @")\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        }

        /// <summary>The parameter behind a wire field name; null when it is not one of this provider's.</summary>
        public string? ForField(string? field) =>
            field != null && _fields.TryGetValue(field.Trim(), out var parameter) ? parameter : null;

        /// <summary>The parameter of the first known field in <paramref name="fields"/>, else of the first field word in
        /// the message; null when neither names one.</summary>
        public string? Find(IEnumerable<string>? fields, string? message)
        {
            foreach (var field in fields ?? Array.Empty<string>())
            {
                var parameter = ForField(field);
                if (parameter != null)
                {
                    return parameter;
                }
            }

            if (string.IsNullOrEmpty(message))
            {
                return null;
            }

            var match = _inProse.Match(message);
            return match.Success ? ForField(match.Groups["w"].Value.Replace(' ', '_')) ?? ForField(match.Groups["w"].Value) : null;
        }
    }
}
