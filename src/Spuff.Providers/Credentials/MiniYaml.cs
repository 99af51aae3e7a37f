using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Spuff.Providers.Credentials
{
    /// <summary>
    /// A small YAML reader for CLI config files (doctl's config.yaml): block mappings nested by indentation,
    /// plain, single- and double-quoted scalars, comments, block sequences and <c>|</c>/<c>&gt;</c> block scalars
    /// (kept as text), empty flow collections (<c>{}</c>, <c>[]</c>). Mappings are dictionaries, sequences lists,
    /// everything else strings (null for an empty value). Throws <see cref="FormatException"/> with the line number
    /// on anything it cannot read, such as anchors, tags or flow collections with content.
    /// </summary>
    internal sealed class MiniYaml
    {
        private readonly List<Line> _lines = new List<Line>();
        private int _index;

        private MiniYaml(string text)
        {
            var raw = (text ?? string.Empty).Replace("\r\n", "\n").Split('\n');
            for (var i = 0; i < raw.Length; i++)
            {
                var line = raw[i].TrimEnd('\r');
                if (i == 0)
                {
                    line = line.TrimStart('\uFEFF');
                }

                var indent = 0;
                while (indent < line.Length && line[indent] == ' ')
                {
                    indent++;
                }

                var content = line.Substring(indent);
                if (content.Length == 0 || content.StartsWith("#", StringComparison.Ordinal) || content == "---" || content == "...")
                {
                    continue;
                }

                if (content.StartsWith("\t", StringComparison.Ordinal))
                {
                    throw new FormatException($"line {i + 1}: tabs cannot indent YAML");
                }

                _lines.Add(new Line(i + 1, indent, content, raw[i]));
            }
        }

        public static Dictionary<string, object?> Parse(string text)
        {
            var parser = new MiniYaml(text);
            if (parser._lines.Count == 0)
            {
                return new Dictionary<string, object?>(StringComparer.Ordinal);
            }

            var first = parser._lines[0];
            if (IsSequenceItem(first.Content))
            {
                throw new FormatException($"line {first.Number}: expected a mapping at the top");
            }

            var root = parser.Mapping(first.Indent);
            if (parser._index < parser._lines.Count)
            {
                throw new FormatException($"line {parser._lines[parser._index].Number}: unexpected indentation");
            }

            return root;
        }

        private Dictionary<string, object?> Mapping(int indent)
        {
            var map = new Dictionary<string, object?>(StringComparer.Ordinal);
            while (_index < _lines.Count && _lines[_index].Indent == indent && !IsSequenceItem(_lines[_index].Content))
            {
                var line = _lines[_index++];
                SplitKey(line, out var key, out var rest);
                if (map.ContainsKey(key))
                {
                    throw new FormatException($"line {line.Number}: the key '{key}' is defined twice");
                }

                map[key] = ValueAfterKey(line, indent, rest);
            }

            if (_index < _lines.Count && _lines[_index].Indent > indent)
            {
                throw new FormatException($"line {_lines[_index].Number}: unexpected indentation");
            }

            return map;
        }

        private object? ValueAfterKey(Line line, int indent, string rest)
        {
            if (rest.Length == 0)
            {
                if (_index < _lines.Count && _lines[_index].Indent > indent)
                {
                    return Block(_lines[_index].Indent);
                }

                // "key:" followed by "- item" at the same indentation is a sequence too.
                if (_index < _lines.Count && _lines[_index].Indent == indent && IsSequenceItem(_lines[_index].Content))
                {
                    return Sequence(indent);
                }

                return null;
            }

            if (rest[0] == '|' || rest[0] == '>')
            {
                return BlockScalar(indent, rest[0] == '>');
            }

            return Scalar(rest, line.Number);
        }

        private object Block(int indent) =>
            IsSequenceItem(_lines[_index].Content) ? (object)Sequence(indent) : Mapping(indent);

        private List<object?> Sequence(int indent)
        {
            var items = new List<object?>();
            while (_index < _lines.Count && _lines[_index].Indent == indent && IsSequenceItem(_lines[_index].Content))
            {
                var line = _lines[_index++];
                var rest = line.Content.Length > 1 ? line.Content.Substring(2).Trim() : string.Empty;

                // Items that are mappings or nested blocks are kept as their text: no CLI credential lives there.
                var text = new StringBuilder(rest);
                while (_index < _lines.Count && _lines[_index].Indent > indent)
                {
                    text.Append('\n').Append(_lines[_index++].Content);
                }

                items.Add(text.Length == 0 ? null : (rest.Length > 0 && text.Length == rest.Length && !LooksLikeMapping(rest) ? Scalar(rest, line.Number) : text.ToString()));
            }

            return items;
        }

        private string BlockScalar(int indent, bool folded)
        {
            var parts = new List<string>();
            var blockIndent = -1;
            while (_index < _lines.Count && _lines[_index].Indent > indent)
            {
                var line = _lines[_index++];
                if (blockIndent < 0)
                {
                    blockIndent = line.Indent;
                }

                parts.Add(line.Raw.Length > blockIndent ? line.Raw.Substring(blockIndent).TrimEnd('\r') : string.Empty);
            }

            return string.Join(folded ? " " : "\n", parts);
        }

        private static bool IsSequenceItem(string content) => content == "-" || content.StartsWith("- ", StringComparison.Ordinal);

        private static bool LooksLikeMapping(string text)
        {
            if (text.StartsWith("\"", StringComparison.Ordinal) || text.StartsWith("'", StringComparison.Ordinal))
            {
                return false;
            }

            return text.IndexOf(": ", StringComparison.Ordinal) > 0 || text.EndsWith(":", StringComparison.Ordinal);
        }

        private static void SplitKey(Line line, out string key, out string rest)
        {
            var content = line.Content;
            int end;
            if (content[0] == '"' || content[0] == '\'')
            {
                end = ClosingQuote(content, 0, line.Number) + 1;
                key = (string)Scalar(content.Substring(0, end), line.Number)!;
                if (end >= content.Length || content[end] != ':')
                {
                    throw new FormatException($"line {line.Number}: expected ':' after the key");
                }
            }
            else
            {
                end = -1;
                for (var i = 0; i < content.Length; i++)
                {
                    if (content[i] == ':' && (i + 1 == content.Length || content[i + 1] == ' '))
                    {
                        end = i;
                        break;
                    }

                    if (content[i] == '#' && i > 0 && content[i - 1] == ' ')
                    {
                        break;
                    }
                }

                if (end <= 0)
                {
                    throw new FormatException($"line {line.Number}: expected 'key: value'");
                }

                key = content.Substring(0, end).Trim();
            }

            rest = StripComment(content.Substring(end + 1)).Trim();
        }

        private static string StripComment(string text)
        {
            char quote = '\0';
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (quote != '\0')
                {
                    if (c == '\\' && quote == '"')
                    {
                        i++;
                    }
                    else if (c == quote)
                    {
                        quote = '\0';
                    }

                    continue;
                }

                if ((c == '"' || c == '\'') && text.Substring(0, i).Trim().Length == 0)
                {
                    quote = c;
                }
                else if (c == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t'))
                {
                    return text.Substring(0, i);
                }
            }

            return text;
        }

        private static object? Scalar(string text, int lineNumber)
        {
            if (text.Length == 0 || text == "~" || text == "null" || text == "Null" || text == "NULL")
            {
                return null;
            }

            switch (text[0])
            {
                case '"':
                    return DoubleQuoted(text, lineNumber);
                case '\'':
                    if (ClosingQuote(text, 0, lineNumber) != text.Length - 1)
                    {
                        throw new FormatException($"line {lineNumber}: text after a quoted value");
                    }

                    return text.Substring(1, text.Length - 2).Replace("''", "'");
                case '{':
                    return text == "{}" ? new Dictionary<string, object?>(StringComparer.Ordinal) : throw Unsupported(lineNumber, "flow mappings");
                case '[':
                    return text == "[]" ? new List<object?>() : throw Unsupported(lineNumber, "flow sequences");
                case '&':
                case '*':
                case '!':
                    throw Unsupported(lineNumber, "anchors, aliases and tags");
                default:
                    return text;
            }
        }

        private static int ClosingQuote(string text, int start, int lineNumber)
        {
            var quote = text[start];
            for (var i = start + 1; i < text.Length; i++)
            {
                if (quote == '"' && text[i] == '\\')
                {
                    i++;
                    continue;
                }

                if (text[i] == quote)
                {
                    if (quote == '\'' && i + 1 < text.Length && text[i + 1] == '\'')
                    {
                        i++;
                        continue;
                    }

                    return i;
                }
            }

            throw new FormatException($"line {lineNumber}: unterminated quoted value");
        }

        private static string DoubleQuoted(string text, int lineNumber)
        {
            if (ClosingQuote(text, 0, lineNumber) != text.Length - 1)
            {
                throw new FormatException($"line {lineNumber}: text after a quoted value");
            }

            var builder = new StringBuilder();
            for (var i = 1; i < text.Length - 1; i++)
            {
                var c = text[i];
                if (c != '\\')
                {
                    builder.Append(c);
                    continue;
                }

                var e = text[++i];
                switch (e)
                {
                    case 'n': builder.Append('\n'); break;
                    case 't': builder.Append('\t'); break;
                    case 'r': builder.Append('\r'); break;
                    case '0': builder.Append('\0'); break;
                    case '"': builder.Append('"'); break;
                    case '\\': builder.Append('\\'); break;
                    case '/': builder.Append('/'); break;
                    case ' ': builder.Append(' '); break;
                    case 'x': builder.Append(Hex(text, ref i, 2, lineNumber)); break;
                    case 'u': builder.Append(Hex(text, ref i, 4, lineNumber)); break;
                    case 'U': builder.Append(Hex(text, ref i, 8, lineNumber)); break;
                    default: throw new FormatException($"line {lineNumber}: unknown escape '\\{e}'");
                }
            }

            return builder.ToString();
        }

        private static string Hex(string text, ref int i, int digits, int lineNumber)
        {
            if (i + digits >= text.Length ||
                !int.TryParse(text.Substring(i + 1, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code) ||
                code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
            {
                throw new FormatException($"line {lineNumber}: bad escape");
            }

            i += digits;
            return char.ConvertFromUtf32(code);
        }

        private static FormatException Unsupported(int lineNumber, string what) =>
            new FormatException($"line {lineNumber}: {what} are not supported here");

        private sealed class Line
        {
            public Line(int number, int indent, string content, string raw)
            {
                Number = number;
                Indent = indent;
                Content = content;
                Raw = raw;
            }

            public int Number { get; }

            public int Indent { get; }

            public string Content { get; }

            public string Raw { get; }
        }
    }
}
