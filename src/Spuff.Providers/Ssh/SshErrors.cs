using System;
using System.Net.Sockets;
using Renci.SshNet.Common;
using Spuff.Core;

namespace Spuff.Providers.Ssh
{
    /// <summary>
    /// SSH failures as <see cref="ProviderException"/>s. <see cref="ProviderException.ErrorCode"/> carries a stable
    /// code (SshHostKeyChanged, SshAuthenticationFailed, SshConnectionFailed) that the module maps to error ids.
    /// </summary>
    public static class SshErrors
    {
        public const string HostKeyChanged = "SshHostKeyChanged";
        public const string AuthenticationFailed = "SshAuthenticationFailed";
        public const string ConnectionFailed = "SshConnectionFailed";

        public static ProviderException KeyChanged(ProviderInstance instance, string endpoint, string keyType, string fingerprint, string knownHosts) =>
            new ProviderException(
                ProviderErrorKind.Other,
                $"The SSH host key of instance {instance} at {endpoint} has changed since Spuff first connected: it now offers " +
                $"{keyType} {fingerprint}. Spuff refuses to connect, because someone may be intercepting the connection. If the " +
                $"instance was really rebuilt, forget the old key by removing the lines for 'spuff:{instance.Provider}:{instance.Id}@' " +
                $"from {knownHosts}.")
            {
                Provider = instance.Provider,
                ResourceType = "instance",
                ResourceId = instance.Id,
                ErrorCode = HostKeyChanged,
            };

        /// <summary>Maps what SSH.NET or the socket threw while connecting or logging in.</summary>
        public static ProviderException FromConnect(Exception error, ProviderInstance instance, string user, string endpoint, TimeSpan timeout)
        {
            switch (error)
            {
                case ProviderException provider:
                    return provider;
                case SshAuthenticationException auth:
                    return new ProviderException(
                        ProviderErrorKind.Authentication,
                        $"SSH login as '{user}' to instance {instance} at {endpoint} was refused: {auth.Message} " +
                        "The instance has none of the offered keys for that user.",
                        auth)
                    {
                        Provider = instance.Provider,
                        ResourceType = "instance",
                        ResourceId = instance.Id,
                        ErrorCode = AuthenticationFailed,
                    };
                case SshOperationTimeoutException timedOut:
                    return Tagged(ProviderException.Timeout($"SSH connection to instance {instance} at {endpoint}", timeout), instance, timedOut);
                case SocketException socket:
                    return Tagged(ProviderException.Network($"SSH connection to instance {instance} at {endpoint} failed: {socket.SocketErrorCode} ({socket.Message})", socket), instance, null);
                case SshConnectionException connection:
                    return Tagged(ProviderException.Network($"SSH connection to instance {instance} at {endpoint} failed: {connection.Message}", connection), instance, null);
                case ProxyException proxy:
                    return Tagged(ProviderException.Network($"SSH connection to instance {instance} at {endpoint} failed: {proxy.Message}", proxy), instance, null);
                default:
                    return Tagged(ProviderException.Network($"SSH connection to instance {instance} at {endpoint} failed: {error.Message}", error), instance, null);
            }
        }

        private static ProviderException Tagged(ProviderException error, ProviderInstance instance, Exception? inner)
        {
            error.Provider = instance.Provider;
            error.ResourceType = "instance";
            error.ResourceId = instance.Id;
            error.ErrorCode = ConnectionFailed;
            return error;
        }
    }
}
