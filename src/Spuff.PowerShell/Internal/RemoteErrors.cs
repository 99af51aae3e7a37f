using System;
using System.Management.Automation;
using Spuff.Core;

namespace Spuff.PowerShell.Internal
{
    /// <summary>
    /// The error ids of remote work (SSH, commands, cloud-init), keyed by the stable codes the SSH plumbing puts
    /// in <see cref="ProviderException.ErrorCode"/>. All per instance, never terminating: one unreachable machine
    /// must not stop a command on the others.
    /// </summary>
    internal static class RemoteErrors
    {
        public const string CommandFailedId = "RemoteCommandFailed";

        public static bool TryMap(ProviderException error, object? target, ErrorContext context, out MappedError? mapped)
        {
            string id;
            ErrorCategory category;
            string action;
            switch (error.ErrorCode)
            {
                case "SshHostKeyChanged":
                    id = "SshHostKeyChanged";
                    category = ErrorCategory.SecurityError;
                    action = "Do not connect until you know why the key changed. If the machine was rebuilt, remove its lines from Spuff's known-hosts file (docs/ssh.md).";
                    break;
                case "SshAuthenticationFailed":
                    id = "SshAuthenticationFailed";
                    category = ErrorCategory.AuthenticationError;
                    action = "Pass -IdentityFile with the private key whose public key the instance has (New-SpuffInstance -SshKey), or -User with the right login user.";
                    break;
                case "SshConnectionFailed" when error.Kind != ProviderErrorKind.Timeout || context != ErrorContext.Wait:
                    id = "SshConnectionFailed";
                    category = error.Kind == ProviderErrorKind.Timeout ? ErrorCategory.OperationTimeout : ErrorCategory.ConnectionError;
                    action = "Check that the instance is running and its SSH port (-SshPort) is reachable from here (firewall, security group).";
                    break;
                case "CloudInitFailed":
                    id = "CloudInitFailed";
                    category = ErrorCategory.InvalidResult;
                    action = "Read the cloud-init output in the error message, fix the user data (-UserData), and remove the instance with Remove-SpuffInstance.";
                    break;
                default:
                    mapped = null;
                    return false;
            }

            var record = new ErrorRecord(error, id, category, target ?? error.ResourceId)
            {
                ErrorDetails = new ErrorDetails(error.Message) { RecommendedAction = action },
            };
            mapped = new MappedError(record, false);
            return true;
        }

        /// <summary>A command that ran and exited non-zero: a non-terminating error whose TargetObject is the result.</summary>
        public static ErrorRecord CommandFailed(CommandResult result)
        {
            var stderr = result.StdErr.Trim();
            if (stderr.Length > 400)
            {
                stderr = "…" + stderr.Substring(stderr.Length - 400);
            }

            var message = $"The command exited with {result.ExitCode} on instance {result.Instance}" + (stderr.Length > 0 ? ": " + stderr : ".");
            return new ErrorRecord(new InvalidOperationException(message), CommandFailedId, ErrorCategory.InvalidResult, result)
            {
                ErrorDetails = new ErrorDetails(message)
                {
                    RecommendedAction = "The TargetObject of this error is the full result (ExitCode, StdOut, StdErr).",
                },
            };
        }
    }
}
