using System;
using System.Collections;
using System.Management.Automation;

namespace Spuff.PowerShell.Internal
{
    /// <summary>
    /// Refuses a malformed wildcard pattern (such as '[' or 'a[b') at binding, before any list request, instead of
    /// failing halfway through a listing when the pattern is first used.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateWildcardAttribute : ValidateArgumentsAttribute
    {
        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            var value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
            var items = value is string single ? new object[] { single } : value as IEnumerable ?? new object?[] { value };
            foreach (var item in items)
            {
                var text = (item is PSObject w ? w.BaseObject : item) as string;
                if (text == null)
                {
                    continue;
                }

                try
                {
                    // WildcardPattern parses lazily: matching once makes a malformed pattern throw now.
                    NamePatterns.Create(text).IsMatch(string.Empty);
                }
                catch (WildcardPatternException error)
                {
                    throw new ValidationMetadataException($"'{text}' is not a valid wildcard pattern ({error.Message}). Escape '[' and ']' with a backtick to match them literally.");
                }
            }
        }
    }
}
