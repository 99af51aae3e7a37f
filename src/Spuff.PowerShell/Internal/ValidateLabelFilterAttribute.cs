using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using Spuff.Core;

namespace Spuff.PowerShell.Internal
{
    /// <summary>
    /// Checks a -Label filter at binding, before any request, naming the parameter: every key is non-empty text,
    /// every value is text or a plain scalar (a number or a boolean, written invariantly: @{ tier = 1 } means
    /// 'tier=1'). A null, a list, a hashtable or another object as a value is refused: a filter can only ask for
    /// one exact value per key. Keys and values carrying control or invisible characters (NUL, line breaks) or
    /// longer than <see cref="MaxLength"/> are refused by the house text check (<see cref="ValidateSpuffTextAttribute"/>).
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateLabelFilterAttribute : ValidateArgumentsAttribute
    {
        /// <summary>The longest label key or value accepted, in UTF-16 characters.</summary>
        public const int MaxLength = 255;

        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            var value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
            if (!(value is IDictionary labels))
            {
                throw new ValidationMetadataException("a label filter is a hashtable of key = value, such as @{ team = 'qa' }.");
            }

            foreach (DictionaryEntry entry in labels)
            {
                var key = Unwrap(entry.Key) as string;
                if (string.IsNullOrWhiteSpace(key))
                {
                    throw new ValidationMetadataException($"a label key must be non-empty text, not {Describe(entry.Key)}.");
                }

                var keyProblem = ValidateSpuffTextAttribute.Problem(key, MaxLength, allowSpaces: true, allowLineBreaks: false);
                if (keyProblem != null)
                {
                    throw new ValidationMetadataException($"the label key is refused: {keyProblem}");
                }

                var text = ValueText(entry.Value);
                if (text == null)
                {
                    throw new ValidationMetadataException($"the value of label '{key}' must be text, not {Describe(entry.Value)}.");
                }

                // An empty value is a real filter (a label set to ''); only its characters and length are checked.
                var valueProblem = text.Length == 0 ? null : ValidateSpuffTextAttribute.Problem(text, MaxLength, allowSpaces: true, allowLineBreaks: false);
                if (valueProblem != null)
                {
                    throw new ValidationMetadataException($"the value of label '{key}' is refused: {valueProblem}");
                }
            }
        }

        /// <summary>The filter for validated <paramref name="labels"/>, or null when there are none.</summary>
        public static ListFilter? ToFilter(IDictionary? labels)
        {
            if (labels == null)
            {
                return null;
            }

            var pairs = new List<KeyValuePair<string, string>>();
            foreach (DictionaryEntry entry in labels)
            {
                pairs.Add(new KeyValuePair<string, string>((string)Unwrap(entry.Key)!, ValueText(entry.Value)!));
            }

            return ListFilter.ForLabels(pairs);
        }

        private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

        private static string? ValueText(object? raw)
        {
            var value = Unwrap(raw);
            return value is string text ? text
                : value != null && value.GetType().IsPrimitive && !(value is char) ? Convert.ToString(value, CultureInfo.InvariantCulture)
                : value is decimal number ? number.ToString(CultureInfo.InvariantCulture)
                : null;
        }

        private static string Describe(object? raw)
        {
            var value = Unwrap(raw);
            return value == null ? "null" : value is string ? "an empty text" : $"a {value.GetType().Name}";
        }
    }
}
