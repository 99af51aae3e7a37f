using System;
using Spuff.Core;

namespace Spuff.PowerShell.Internal
{
    /// <summary>
    /// Makes an error about a request field (InvalidConfig, or NotSupported such as Docker's user-data format) name
    /// the parameter the user typed. A provider knows only the request it was given
    /// (an image, user data), not whether it came from -Image or -FromSnapshot, -UserData or -UserDataPath.
    /// </summary>
    internal static class ParameterNames
    {
        /// <summary>The same error naming <paramref name="typed"/> when it names <paramref name="field"/>, else the error itself.</summary>
        public static ProviderException Rename(ProviderException error, string field, string typed)
        {
            if (!string.Equals(error.Field, field, StringComparison.OrdinalIgnoreCase))
            {
                return error;
            }

            var message = error.Message;
            var prefix = $"Invalid configuration for {error.Field}:";
            message = message.StartsWith(prefix, StringComparison.Ordinal)
                ? $"Invalid configuration for {typed}:" + message.Substring(prefix.Length)
                : message;
            return new ProviderException(error.Kind, message, error.InnerException)
            {
                Provider = error.Provider,
                Field = typed,
                ResourceType = error.ResourceType,
                ResourceId = error.ResourceId,
                StatusCode = error.StatusCode,
                ErrorCode = error.ErrorCode,
                RequestId = error.RequestId,
                Operation = error.Operation,
                Elapsed = error.Elapsed,
                ProviderRetryAfter = error.ProviderRetryAfter,
                SupportedProviders = error.SupportedProviders,
            };
        }
    }
}
