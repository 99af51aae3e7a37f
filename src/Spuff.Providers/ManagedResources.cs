using System.Collections.Generic;
using Spuff.Core;

namespace Spuff.Providers
{
    /// <summary>
    /// Spuff removes only what it made: every resource it creates carries <c>managed-by=spuff</c>, and a destroy or
    /// delete of anything without it is refused, so a typo in -Id never destroys somebody's production server.
    /// </summary>
    public static class ManagedResources
    {
        public const string Key = "managed-by";
        public const string Value = "spuff";

        public static bool IsManaged(IReadOnlyDictionary<string, string>? labels) =>
            labels != null && labels.TryGetValue(Key, out var value) && value == Value;

        /// <param name="marker">How the provider shows the mark ("tag managed-by:spuff", "label managed-by=spuff").</param>
        /// <param name="otherTool">The command that removes it anyway, for a user who means it.</param>
        public static void Require(IReadOnlyDictionary<string, string>? labels, string provider, string what, string id, string? name, string marker, string otherTool)
        {
            if (IsManaged(labels))
            {
                return;
            }

            throw new ProviderException(
                ProviderErrorKind.InvalidConfig,
                $"The {what} {id}{(string.IsNullOrEmpty(name) ? string.Empty : $" ('{name}')")} was not made by Spuff (it has no {marker}); Spuff does not remove it. Use `{otherTool}` if you mean to.")
            {
                Field = "Id",
                Provider = provider,
                ResourceType = what,
                ResourceId = id,
            };
        }
    }
}
