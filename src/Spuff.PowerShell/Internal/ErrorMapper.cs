using System;
using System.Linq;
using System.Management.Automation;
using Spuff.Core;

namespace Spuff.PowerShell.Internal
{
    /// <summary>
    /// The one place where failures become ErrorRecords (the house-style table): error id, category, whether
    /// the command stops, TargetObject and a RecommendedAction that says how to fix it.
    /// </summary>
    internal static class ErrorMapper
    {
        public static MappedError Map(Exception error, object? target, ErrorContext context, string? commandName)
        {
            if (error is ProviderException provider)
            {
                return Map(provider, target, context);
            }

            if (error is OperationCanceledException)
            {
                // Not our Ctrl+C (that becomes PipelineStoppedException before this): an HTTP client timeout.
                var timeout = new ProviderException(ProviderErrorKind.Timeout, "The request timed out: " + error.Message, error);
                return Map(timeout, target, ErrorContext.Default);
            }

            if (error is System.IO.IOException || error is UnauthorizedAccessException)
            {
                var record = new ErrorRecord(error, "ProviderRequestInvalid", ErrorCategory.ReadError, target);
                return new MappedError(record, false);
            }

            // A bug: report it without letting the raw exception escape, and stop the command.
            var unexpected = new ErrorRecord(
                new InvalidOperationException($"{commandName} failed unexpectedly: {error.Message}", error),
                "ProviderApiError",
                ErrorCategory.InvalidResult,
                target)
            {
                ErrorDetails = new ErrorDetails($"{commandName} failed unexpectedly: {error.Message}")
                {
                    RecommendedAction = "This is a bug in Spuff; please report it with the output of $Error[0] | Format-List * -Force.",
                },
            };
            return new MappedError(unexpected, true);
        }

        public static MappedError Map(ProviderException error, object? target, ErrorContext context)
        {
            if (RemoteErrors.TryMap(error, target, context, out var remote))
            {
                return remote!;
            }

            string id;
            ErrorCategory category;
            bool terminating = false;
            string action;
            switch (error.Kind)
            {
                case ProviderErrorKind.Authentication:
                    id = "ProviderAuthenticationFailed";
                    category = ErrorCategory.AuthenticationError;
                    terminating = true;
                    action = Credentials.RecommendedAction(error.Provider);
                    break;
                case ProviderErrorKind.UnknownProvider:
                    id = "ProviderUnknown";
                    category = ErrorCategory.InvalidArgument;
                    terminating = true;
                    action = "Pass -Provider with one of: " + string.Join(", ", ProviderTypeInfo.NamesAndAliases) + ".";
                    break;
                case ProviderErrorKind.NotImplemented:
                    id = "ProviderNotImplemented";
                    category = ErrorCategory.NotImplemented;
                    terminating = true;
                    action = "Use a provider that Get-SpuffProvider lists as Implemented.";
                    break;
                case ProviderErrorKind.NotSupported:
                    id = "ProviderFeatureNotSupported";
                    category = ErrorCategory.NotImplemented;
                    terminating = true;
                    action = string.IsNullOrEmpty(error.Field)
                        ? "Get-SpuffProvider shows what each provider supports."
                        : $"Change -{error.Field}; Get-SpuffProvider shows what each provider supports.";
                    break;
                case ProviderErrorKind.NotFound:
                    var isSnapshot = context == ErrorContext.Snapshot ||
                        string.Equals(error.ResourceType, "snapshot", StringComparison.OrdinalIgnoreCase) ||
                        string.Equals(error.ResourceType, "image", StringComparison.OrdinalIgnoreCase);
                    id = isSnapshot ? "SnapshotNotFound" : "InstanceNotFound";
                    category = ErrorCategory.ObjectNotFound;
                    action = isSnapshot
                        ? "Check the id with Get-SpuffSnapshot."
                        : "Check the id with Get-SpuffInstance; a removed instance is gone for good.";
                    break;
                case ProviderErrorKind.InvalidConfig:
                    id = "ProviderRequestInvalid";
                    category = ErrorCategory.InvalidArgument;
                    action = string.IsNullOrEmpty(error.Field)
                        ? "Check the values passed to the command."
                        : $"Check the value of -{error.Field}.";
                    break;
                case ProviderErrorKind.QuotaExceeded:
                    id = "ProviderQuotaExceeded";
                    category = ErrorCategory.QuotaExceeded;
                    action = "Remove instances or snapshots you no longer need (Get-SpuffInstance | Remove-SpuffInstance), or ask the provider to raise the limit.";
                    break;
                case ProviderErrorKind.RateLimit:
                    id = "ProviderRateLimited";
                    category = ErrorCategory.LimitsExceeded;
                    action = error.ProviderRetryAfter.HasValue
                        ? $"Wait {Math.Ceiling(error.ProviderRetryAfter.Value.TotalSeconds)} s and run the command again."
                        : "Wait a minute and run the command again.";
                    break;
                case ProviderErrorKind.Timeout:
                    var isWait = context == ErrorContext.Wait;
                    id = isWait ? "WaitTimedOut" : "ProviderTimeout";
                    category = ErrorCategory.OperationTimeout;
                    action = isWait
                        ? "The instance still exists: run Wait-SpuffInstance again, pass a longer -Timeout, or remove it with Remove-SpuffInstance."
                        : "Run the command again; check the provider's status page if it keeps timing out.";
                    break;
                case ProviderErrorKind.Network:
                    id = "ProviderConnectionFailed";
                    category = ErrorCategory.ConnectionError;
                    action = "Check the network connection and any SPUFF_<PROVIDER>_ENDPOINT override, then run the command again.";
                    break;
                case ProviderErrorKind.AlreadyExists:
                    // A re-run of a create: the earlier run's instance is the answer, never a second machine.
                    id = "InstanceAlreadyExists";
                    category = ErrorCategory.ResourceExists;
                    action = error.Instance != null
                        ? $"Use the existing instance: {FindCommand(error.Instance.Provider ?? error.Provider, error.Instance.Name ?? error.ResourceId)} | Wait-SpuffInstance. " +
                          "To make another one, pass a different -Name."
                        : "Pass a different -Name.";
                    if (error.Instance != null)
                    {
                        target = error.Instance;
                    }

                    break;
                case ProviderErrorKind.Api:
                    id = "ProviderApiError";
                    category = ErrorCategory.NotSpecified;
                    action = "Run the command again; if it keeps failing, quote the request id to the provider's support.";
                    break;
                default:
                    id = "ProviderApiError";
                    category = ErrorCategory.InvalidResult;
                    action = "Run the command again; if it keeps failing, quote the request id to the provider's support.";
                    break;
            }

            if (error.OutcomeUnknown)
            {
                // The create may have happened: never advise "run it again" without saying how to look first.
                action = $"An instance named '{error.ResourceId}' may exist: look for it with {FindCommand(error.Provider, error.ResourceId)} " +
                    "before you run the command again (a re-run with the same -Name reports it instead of creating a second one).";
            }

            var record = new ErrorRecord(error, id, category, target ?? error.ResourceId)
            {
                ErrorDetails = new ErrorDetails(Describe(error)) { RecommendedAction = action },
            };
            return new MappedError(record, terminating);
        }

        /// <summary>The command that finds an instance by name: <c>Get-SpuffInstance -Provider hetzner -Name web-1</c>.</summary>
        internal static string FindCommand(string? provider, string? name) =>
            $"Get-SpuffInstance -Provider {provider ?? "<provider>"} -Name {Quote(name ?? "<name>")}";

        private static string Quote(string value) =>
            value.Length > 0 && value.All(c => char.IsLetterOrDigit(c) || c == '-' || c == '_' || c == '.')
                ? value
                : "'" + value.Replace("'", "''") + "'";

        /// <summary>The message plus the provider's code and request id when they are not in it yet.</summary>
        private static string Describe(ProviderException error)
        {
            var message = error.Message;
            if (!string.IsNullOrEmpty(error.ErrorCode) && message.IndexOf(error.ErrorCode, StringComparison.Ordinal) < 0)
            {
                message += $" (code: {error.ErrorCode})";
            }

            if (!string.IsNullOrEmpty(error.RequestId) && message.IndexOf(error.RequestId, StringComparison.Ordinal) < 0)
            {
                message += $" (request id: {error.RequestId})";
            }

            if (error.Kind == ProviderErrorKind.UnknownProvider && error.SupportedProviders.Count > 0 &&
                !error.SupportedProviders.All(p => message.IndexOf(p, StringComparison.Ordinal) >= 0))
            {
                message += " Supported providers: " + string.Join(", ", error.SupportedProviders);
            }

            return message;
        }
    }
}
