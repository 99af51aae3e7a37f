using System;
using System.Collections;
using System.Globalization;
using System.Management.Automation;

namespace Spuff.PowerShell.Internal
{
    /// <summary>
    /// Refuses, at parameter binding (so before any request, and naming the parameter as PowerShell does), a text
    /// value no provider could take: null, empty or only whitespace, longer than <see cref="MaxLength"/>, or
    /// carrying control characters (NUL, line breaks unless <see cref="AllowLineBreaks"/>), invisible format
    /// characters (zero-width, bidi overrides) or broken UTF-16. Applies to each element of an array.
    /// Provider-specific shapes (slugs, ids) are checked by the provider's Validation class.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateSpuffTextAttribute : ValidateArgumentsAttribute
    {
        /// <summary>The longest value accepted, in UTF-16 characters (default 255).</summary>
        public int MaxLength { get; set; } = 255;

        /// <summary>Whether spaces inside the value are allowed (names of SSH keys may have them; slugs never).</summary>
        public bool AllowSpaces { get; set; }

        /// <summary>Whether CR, LF and TAB are allowed (user data).</summary>
        public bool AllowLineBreaks { get; set; }

        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            var value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
            if (value is string text)
            {
                Check(text);
                return;
            }

            if (value is IEnumerable items)
            {
                var any = false;
                foreach (var item in items)
                {
                    any = true;
                    var element = item is PSObject w ? w.BaseObject : item;
                    Check(element as string ?? (element == null ? null : Convert.ToString(element, CultureInfo.InvariantCulture)));
                }

                if (!any)
                {
                    throw new ValidationMetadataException("The argument is an empty collection. Supply at least one value.");
                }

                return;
            }

            Check(value == null ? null : Convert.ToString(value, CultureInfo.InvariantCulture));
        }

        /// <summary>The reason <paramref name="text"/> is refused, or null when it is acceptable.</summary>
        public static string? Problem(string? text, int maxLength, bool allowSpaces, bool allowLineBreaks)
        {
            if (text == null)
            {
                return "The argument is null. Supply a non-empty value.";
            }

            if (text.Trim().Length == 0)
            {
                return "The argument is empty or only whitespace. Supply a non-empty value.";
            }

            if (text.Length > maxLength)
            {
                return $"The argument is {text.Length} characters long; at most {maxLength} are accepted.";
            }

            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                    continue;
                }

                if (char.IsSurrogate(c) || c == '\uFFFE' || c == '\uFFFF')
                {
                    return $"The argument contains broken Unicode (U+{(int)c:X4} at position {i + 1}).";
                }

                var lineBreak = c == '\r' || c == '\n' || c == '\t';
                if (lineBreak && allowLineBreaks)
                {
                    continue;
                }

                var category = CharUnicodeInfo.GetUnicodeCategory(c);
                if (char.IsControl(c) || category == UnicodeCategory.Format || category == UnicodeCategory.LineSeparator ||
                    category == UnicodeCategory.ParagraphSeparator)
                {
                    return $"The argument contains the control or invisible character U+{(int)c:X4} at position {i + 1}.";
                }

                if (!allowSpaces && char.IsWhiteSpace(c) && i > 0 && i < text.TrimEnd().Length)
                {
                    return $"The argument '{text.Trim()}' contains a space; this value cannot have one.";
                }
            }

            return null;
        }

        private void Check(string? text)
        {
            var problem = Problem(text, MaxLength, AllowSpaces, AllowLineBreaks);
            if (problem != null)
            {
                throw new ValidationMetadataException(problem);
            }
        }
    }
}
