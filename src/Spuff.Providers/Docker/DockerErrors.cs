using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.Json;
using global::Docker.DotNet;
using Spuff.Core;

namespace Spuff.Providers.Docker
{
    /// <summary>Turns what Docker.DotNet throws into <see cref="ProviderException"/>s: no engine, a bad request,
    /// a conflict, an engine-side failure. Callers handle the 404s and 409s whose meaning depends on the call.</summary>
    internal static class DockerErrors
    {
        public static ProviderException Unreachable(Uri endpoint, Exception inner)
        {
            var error = ProviderException.Network(
                $"No Docker engine answers at {endpoint.OriginalString} ({Describe(inner)}). " +
                "Start one: Docker Desktop, or `sudo systemctl start docker` on Linux (Podman: `systemctl --user start podman.socket`), " +
                "or set DOCKER_HOST to the engine's socket (e.g. unix:///run/user/1000/podman/podman.sock).",
                inner);
            error.Provider = DockerProvider.ProviderName;
            error.Operation = "connect";
            return error;
        }

        /// <summary>True for failures to talk to the engine at all (no socket, refused, dropped, timed out).</summary>
        public static bool IsConnectionFailure(Exception exception)
        {
            for (var e = exception; e != null; e = e.InnerException)
            {
                if (e is SocketException || e is HttpRequestException || e is IOException || e is TimeoutException ||
                    e is UnauthorizedAccessException)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A generic mapping for an engine error response, after the call-specific cases.</summary>
        public static ProviderException FromApi(DockerApiException api, string operation, string? field = null)
        {
            var status = (int)api.StatusCode;
            var message = MessageOf(api);
            ProviderException error;
            switch (api.StatusCode)
            {
                case HttpStatusCode.BadRequest:
                    error = ProviderException.InvalidConfig(field ?? "Request", $"the engine refused {operation}: {message}");
                    break;
                case HttpStatusCode.NotFound:
                    error = new ProviderException(ProviderErrorKind.NotFound, $"{operation}: {message}");
                    break;
                case HttpStatusCode.Conflict:
                    error = ProviderException.InvalidConfig(field ?? "Request", $"{operation} conflicts with the engine's state: {message}");
                    break;
                case HttpStatusCode.Unauthorized:
                case HttpStatusCode.Forbidden:
                    error = ProviderException.Authentication(DockerProvider.ProviderName, $"the engine refused {operation}: {message}");
                    break;
                default:
                    error = ProviderException.Api(status, $"{operation} failed on the Docker engine: {message}");
                    break;
            }

            error.StatusCode = status;
            error.Provider = DockerProvider.ProviderName;
            error.Operation ??= operation;
            error.ErrorCode = "http-" + status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return error;
        }

        /// <summary>The engine's own words: the "message" of its JSON error body, or the body itself.</summary>
        public static string MessageOf(DockerApiException api)
        {
            var body = api.ResponseBody ?? string.Empty;
            try
            {
                using var document = JsonDocument.Parse(body);
                if (document.RootElement.ValueKind == JsonValueKind.Object &&
                    document.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                {
                    return message.GetString() ?? body;
                }
            }
            catch (JsonException)
            {
                // Not JSON (a proxy, an old engine): the raw text is the best there is.
            }

            body = body.Trim();
            return body.Length == 0 ? api.StatusCode.ToString() : body;
        }

        public static ProviderException Unexpected(Exception exception, string operation)
        {
            var error = ProviderException.Other($"{operation} failed: {exception.Message}", exception);
            error.Provider = DockerProvider.ProviderName;
            error.Operation = operation;
            return error;
        }

        /// <summary>A refused container create: 409 is the name, 404 the image or network, 400 usually the size.</summary>
        public static ProviderException CreateFailed(DockerApiException api, string name, string image)
        {
            var message = MessageOf(api);
            ProviderException error;
            switch ((int)api.StatusCode)
            {
                case 409:
                    error = DockerRequestValidator.Invalid("Name", $"A container named '{name}' already exists on this engine. " +
                        $"Choose another name, or remove the old one (Remove-SpuffInstance, or `docker rm -f {name}` if Spuff did not make it). " +
                        $"Engine: {message}");
                    break;
                case 404:
                    error = message.IndexOf("network", StringComparison.OrdinalIgnoreCase) >= 0
                        ? DockerRequestValidator.Invalid(DockerProvider.NetworkSetting, $"The engine has no such network: {message}. Create it (`docker network create <name>`) or drop the Network setting.")
                        : DockerRequestValidator.Invalid("Image", $"The image '{image}' disappeared before the container was created: {message}");
                    break;
                case 400:
                    error = DockerRequestValidator.Invalid(FieldOf(message), $"The engine refused the container: {message}");
                    break;
                default:
                    return FromApi(api, "creating container " + name);
            }

            error.StatusCode = (int)api.StatusCode;
            return error;
        }

        /// <summary>A refused start: most often an image without /bin/sh, or limits the machine cannot give.</summary>
        public static ProviderException StartFailed(DockerApiException api, string name, string image)
        {
            var message = MessageOf(api);
            if (message.IndexOf("/bin/sh", StringComparison.Ordinal) >= 0)
            {
                var noShell = DockerRequestValidator.Invalid("Image", $"The image '{image}' has no /bin/sh, which Spuff needs to keep the " +
                    $"container running and to run user data. Use an image with a shell. Engine: {message}");
                noShell.StatusCode = (int)api.StatusCode;
                return noShell;
            }

            var field = FieldOf(message);
            return field == "Request"
                ? FromApi(api, "starting container " + name)
                : new ProviderException(ProviderErrorKind.InvalidConfig, $"Invalid configuration for {field}: the engine could not start {name}: {message}")
                {
                    Field = field,
                    Provider = DockerProvider.ProviderName,
                    StatusCode = (int)api.StatusCode,
                };
        }

        // Which of the user's inputs an engine complaint is about, from the words it uses.
        private static string FieldOf(string message)
        {
            if (message.IndexOf("cpu", StringComparison.OrdinalIgnoreCase) >= 0 || message.IndexOf("memory", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return "Size";
            }

            if (message.IndexOf("network", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return DockerProvider.NetworkSetting;
            }

            return "Request";
        }

        private static string Describe(Exception exception)
        {
            for (var e = exception; e != null; e = e.InnerException)
            {
                if (e is SocketException socket)
                {
                    return socket.SocketErrorCode switch
                    {
                        SocketError.AddressNotAvailable => "the socket file does not exist",
                        SocketError.ConnectionRefused => "connection refused",
                        SocketError.AccessDenied => "permission denied (add yourself to the 'docker' group or use sudo)",
                        _ => socket.Message,
                    };
                }

                if (e is UnauthorizedAccessException)
                {
                    return "permission denied (add yourself to the 'docker' group or use sudo)";
                }
            }

            return exception.Message;
        }
    }
}
