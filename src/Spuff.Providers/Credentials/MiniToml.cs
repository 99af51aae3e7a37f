using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Spuff.Providers.Credentials
{
    /// <summary>
    /// A small TOML reader for CLI config files (hcloud's cli.toml): tables, arrays of tables (a later
    /// <c>[contexts.preferences]</c> belongs to the last <c>[[contexts]]</c>), dotted and quoted keys, basic and
    /// literal strings with escapes, multi-line strings, arrays over several lines, inline tables, comments.
    /// Numbers, booleans and dates are kept as their text. Tables are dictionaries, arrays are lists.
    /// Throws <see cref="FormatException"/> with the line number on anything it cannot read.
    /// </summary>
    internal sealed class MiniToml
    {
        private readonly string _text;
        private int _pos;

        private MiniToml(string text)
        {
            _text = text ?? string.Empty;
        }

        public static Dictionary<string, object> Parse(string text) => new MiniToml(text).Document();

        private Dictionary<string, object> Document()
        {
            var root = NewTable();
            var current = root;
            while (true)
            {
                SkipBlankAndComments();
                if (_pos >= _text.Length)
                {
                    return root;
                }

                if (_text[_pos] == '[')
                {
                    var arrayOfTables = Peek(1) == '[';
                    _pos += arrayOfTables ? 2 : 1;
                    var path = Keys(']');
                    Expect(']');
                    if (arrayOfTables)
                    {
                        Expect(']');
                    }

                    EndOfLine();
                    current = arrayOfTables ? AppendTable(root, path) : OpenTable(root, path);
                    continue;
                }

                var keys = Keys('=');
                Expect('=');
                SkipSpaces();
                var value = Value();
                EndOfLine();
                var table = current;
                for (var i = 0; i < keys.Count - 1; i++)
                {
                    table = Child(table, keys[i]);
                }

                var last = keys[keys.Count - 1];
                if (table.ContainsKey(last))
                {
                    throw Error($"the key '{last}' is defined twice");
                }

                table[last] = value;
            }
        }

        private static Dictionary<string, object> NewTable() => new Dictionary<string, object>(StringComparer.Ordinal);

        private Dictionary<string, object> OpenTable(Dictionary<string, object> root, List<string> path)
        {
            var table = root;
            foreach (var key in path)
            {
                table = Child(table, key);
            }

            return table;
        }

        private Dictionary<string, object> AppendTable(Dictionary<string, object> root, List<string> path)
        {
            var parent = root;
            for (var i = 0; i < path.Count - 1; i++)
            {
                parent = Child(parent, path[i]);
            }

            var last = path[path.Count - 1];
            if (!parent.TryGetValue(last, out var existing))
            {
                existing = new List<object>();
                parent[last] = existing;
            }

            if (!(existing is List<object> list))
            {
                throw Error($"'{last}' is not an array of tables");
            }

            var table = NewTable();
            list.Add(table);
            return table;
        }

        // A key inside a table path: a table, or the last table of an array of tables.
        private Dictionary<string, object> Child(Dictionary<string, object> table, string key)
        {
            if (!table.TryGetValue(key, out var value))
            {
                var created = NewTable();
                table[key] = created;
                return created;
            }

            if (value is Dictionary<string, object> child)
            {
                return child;
            }

            if (value is List<object> list && list.Count > 0 && list[list.Count - 1] is Dictionary<string, object> lastTable)
            {
                return lastTable;
            }

            throw Error($"'{key}' is not a table");
        }

        private List<string> Keys(char terminator)
        {
            var keys = new List<string>();
            while (true)
            {
                SkipSpaces();
                keys.Add(Key());
                SkipSpaces();
                if (Peek(0) == '.')
                {
                    _pos++;
                    continue;
                }

                if (Peek(0) != terminator)
                {
                    throw Error($"expected '{terminator}'");
                }

                return keys;
            }
        }

        private string Key()
        {
            var c = Peek(0);
            if (c == '"')
            {
                return BasicString();
            }

            if (c == '\'')
            {
                return LiteralString();
            }

            var start = _pos;
            while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] == '_' || _text[_pos] == '-'))
            {
                _pos++;
            }

            if (_pos == start)
            {
                throw Error("expected a key");
            }

            return _text.Substring(start, _pos - start);
        }

        private object Value()
        {
            var c = Peek(0);
            switch (c)
            {
                case '"':
                    return StartsWith("\"\"\"") ? MultiLineBasic() : BasicString();
                case '\'':
                    return StartsWith("'''") ? MultiLineLiteral() : LiteralString();
                case '[':
                    return Array();
                case '{':
                    return InlineTable();
                default:
                    return Bare();
            }
        }

        private List<object> Array()
        {
            _pos++;
            var items = new List<object>();
            while (true)
            {
                SkipBlankAndComments();
                if (Peek(0) == ']')
                {
                    _pos++;
                    return items;
                }

                items.Add(Value());
                SkipBlankAndComments();
                if (Peek(0) == ',')
                {
                    _pos++;
                    continue;
                }

                Expect(']');
                return items;
            }
        }

        private Dictionary<string, object> InlineTable()
        {
            _pos++;
            var table = NewTable();
            SkipSpaces();
            if (Peek(0) == '}')
            {
                _pos++;
                return table;
            }

            while (true)
            {
                var keys = Keys('=');
                Expect('=');
                SkipSpaces();
                var target = table;
                for (var i = 0; i < keys.Count - 1; i++)
                {
                    target = Child(target, keys[i]);
                }

                target[keys[keys.Count - 1]] = Value();
                SkipSpaces();
                if (Peek(0) == ',')
                {
                    _pos++;
                    continue;
                }

                Expect('}');
                return table;
            }
        }

        // Numbers, booleans and dates: their text up to the end of the value.
        private string Bare()
        {
            var start = _pos;
            while (_pos < _text.Length && _text[_pos] != ',' && _text[_pos] != ']' && _text[_pos] != '}' &&
                _text[_pos] != '#' && _text[_pos] != '\n' && _text[_pos] != '\r')
            {
                _pos++;
            }

            var bare = _text.Substring(start, _pos - start).Trim();
            if (bare.Length == 0)
            {
                throw Error("expected a value");
            }

            return bare;
        }

        private string BasicString()
        {
            _pos++;
            var builder = new StringBuilder();
            while (true)
            {
                if (_pos >= _text.Length || _text[_pos] == '\n')
                {
                    throw Error("unterminated string");
                }

                var c = _text[_pos++];
                if (c == '"')
                {
                    return builder.ToString();
                }

                if (c == '\\')
                {
                    builder.Append(Escape());
                    continue;
                }

                builder.Append(c);
            }
        }

        private string MultiLineBasic()
        {
            _pos += 3;
            SkipOneNewline();
            var builder = new StringBuilder();
            while (true)
            {
                if (_pos >= _text.Length)
                {
                    throw Error("unterminated string");
                }

                if (StartsWith("\"\"\""))
                {
                    _pos += 3;
                    return builder.ToString();
                }

                var c = _text[_pos++];
                if (c == '\\')
                {
                    // A backslash at the end of a line joins it with the next non-blank text.
                    if (Peek(0) == '\n' || Peek(0) == '\r' || Peek(0) == ' ' || Peek(0) == '\t')
                    {
                        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
                        {
                            _pos++;
                        }

                        continue;
                    }

                    builder.Append(Escape());
                    continue;
                }

                builder.Append(c);
            }
        }

        private string LiteralString()
        {
            _pos++;
            var end = _text.IndexOf('\'', _pos);
            var newline = _text.IndexOf('\n', _pos);
            if (end < 0 || (newline >= 0 && newline < end))
            {
                throw Error("unterminated string");
            }

            var value = _text.Substring(_pos, end - _pos);
            _pos = end + 1;
            return value;
        }

        private string MultiLineLiteral()
        {
            _pos += 3;
            SkipOneNewline();
            var end = _text.IndexOf("'''", _pos, StringComparison.Ordinal);
            if (end < 0)
            {
                throw Error("unterminated string");
            }

            var value = _text.Substring(_pos, end - _pos);
            _pos = end + 3;
            return value;
        }

        private string Escape()
        {
            if (_pos >= _text.Length)
            {
                throw Error("unterminated escape");
            }

            var c = _text[_pos++];
            switch (c)
            {
                case 'b': return "\b";
                case 't': return "\t";
                case 'n': return "\n";
                case 'f': return "\f";
                case 'r': return "\r";
                case 'e': return "\u001b";
                case '"': return "\"";
                case '\\': return "\\";
                case 'u': return Unicode(4);
                case 'U': return Unicode(8);
                default: throw Error($"unknown escape '\\{c}'");
            }
        }

        private string Unicode(int digits)
        {
            if (_pos + digits > _text.Length ||
                !int.TryParse(_text.Substring(_pos, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code) ||
                code < 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
            {
                throw Error("bad unicode escape");
            }

            _pos += digits;
            return char.ConvertFromUtf32(code);
        }

        private void SkipOneNewline()
        {
            if (StartsWith("\r\n"))
            {
                _pos += 2;
            }
            else if (Peek(0) == '\n')
            {
                _pos++;
            }
        }

        private void SkipSpaces()
        {
            while (_pos < _text.Length && (_text[_pos] == ' ' || _text[_pos] == '\t'))
            {
                _pos++;
            }
        }

        private void SkipBlankAndComments()
        {
            while (_pos < _text.Length)
            {
                var c = _text[_pos];
                if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\uFEFF')
                {
                    _pos++;
                }
                else if (c == '#')
                {
                    SkipComment();
                }
                else
                {
                    return;
                }
            }
        }

        private void SkipComment()
        {
            while (_pos < _text.Length && _text[_pos] != '\n')
            {
                _pos++;
            }
        }

        private void EndOfLine()
        {
            SkipSpaces();
            if (Peek(0) == '#')
            {
                SkipComment();
            }

            if (_pos < _text.Length && _text[_pos] != '\n' && _text[_pos] != '\r')
            {
                throw Error("expected the end of the line");
            }
        }

        private void Expect(char c)
        {
            SkipSpaces();
            if (Peek(0) != c)
            {
                throw Error($"expected '{c}'");
            }

            _pos++;
        }

        private char Peek(int offset) => _pos + offset < _text.Length ? _text[_pos + offset] : '\0';

        private bool StartsWith(string value) => string.CompareOrdinal(_text, _pos, value, 0, value.Length) == 0;

        private FormatException Error(string message)
        {
            var line = 1;
            for (var i = 0; i < _pos && i < _text.Length; i++)
            {
                if (_text[i] == '\n')
                {
                    line++;
                }
            }

            return new FormatException($"line {line}: {message}");
        }
    }
}
