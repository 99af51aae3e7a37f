using System;
using System.Net;
using System.Runtime.InteropServices;
using Spuff.Core;

namespace Spuff.Providers.Docker
{
    /// <summary>Where the engine listens: the first of options.Endpoint, SPUFF_DOCKER_ENDPOINT, DOCKER_HOST, the
    /// platform default. Only local transports are accepted: a unix socket, a named pipe, or TCP on loopback.</summary>
    internal static class DockerEndpoint
    {
        public const string EndpointVariable = "SPUFF_DOCKER_ENDPOINT";
        public const string DockerHostVariable = "DOCKER_HOST";
        public const string UnixDefault = "unix:///var/run/docker.sock";
        public const string WindowsDefault = "npipe://./pipe/docker_engine";

        public static Uri Resolve(Uri? configured)
        {
            if (configured != null)
            {
                return Validate(configured.OriginalString, "Endpoint");
            }

            var spuff = Environment.GetEnvironmentVariable(EndpointVariable);
            if (!string.IsNullOrWhiteSpace(spuff))
            {
                return Validate(spuff!.Trim(), EndpointVariable);
            }

            var dockerHost = Environment.GetEnvironmentVariable(DockerHostVariable);
            if (!string.IsNullOrWhiteSpace(dockerHost))
            {
                return Validate(dockerHost!.Trim(), DockerHostVariable);
            }

            return FromCliContext() ?? new Uri(RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? WindowsDefault : UnixDefault);
        }

        // Like the docker CLI: with no DOCKER_HOST, DOCKER_CONTEXT or the config's currentContext (Docker Desktop sets
        // "desktop-linux") names the engine. A missing or broken context falls back to the platform default.
        private static Uri? FromCliContext()
        {
            try
            {
                var endpoint = new global::Docker.DotNet.DockerConfig().GetEndpoint();
                return Validate(endpoint.OriginalString, "DOCKER_CONTEXT");
            }
            catch (Exception e) when (!(e is OutOfMemoryException))
            {
                return null;
            }
        }

        internal static Uri Validate(string text, string field)
        {
            // A bare path is what people paste from `docker context inspect`; read it as a unix socket.
            if (text.StartsWith("/", StringComparison.Ordinal))
            {
                text = "unix://" + text;
            }

            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
            {
                throw Invalid(field, $"'{text}' is not an engine address. Use e.g. {UnixDefault} or {WindowsDefault}.");
            }

            switch (uri.Scheme.ToLowerInvariant())
            {
                case "unix":
                    if (string.IsNullOrEmpty(uri.LocalPath) || uri.LocalPath == "/")
                    {
                        throw Invalid(field, $"'{text}' names no socket file. Use e.g. {UnixDefault}.");
                    }

                    return uri;
                case "npipe":
                    return uri;
                case "tcp":
                case "http":
                    if (!IsLoopback(uri.Host))
                    {
                        throw Invalid(field, $"'{text}' is a remote engine over plain TCP, which anyone on the network could use. " +
                            "Spuff talks to local engines only: use the engine's socket, or tunnel it (ssh -L) to 127.0.0.1.");
                    }

                    return uri;
                case "ssh":
                    throw Invalid(field, $"'{text}' is an SSH engine address, which Spuff does not support. Forward the socket instead: " +
                        "ssh -nNT -L /tmp/docker.sock:/var/run/docker.sock user@host, then DOCKER_HOST=unix:///tmp/docker.sock.");
                default:
                    throw Invalid(field, $"'{text}' uses the scheme '{uri.Scheme}'; Spuff supports unix://, npipe:// and tcp:// on loopback.");
            }
        }

        private static bool IsLoopback(string host) =>
            string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) ||
            (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

        private static ProviderException Invalid(string field, string message)
        {
            var error = ProviderException.InvalidConfig(field, message);
            error.Provider = DockerProvider.ProviderName;
            return error;
        }
    }
}
