using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using global::Docker.DotNet;
using Spuff.Core;

namespace Spuff.Providers.Docker
{
    /// <summary>
    /// The one way the provider calls the engine: logs one Verbose line per call (method, path, outcome, ms) and
    /// turns every failure into a <see cref="ProviderException"/> (engine errors keep their HTTP status in
    /// <see cref="ProviderException.StatusCode"/> so callers can give a 404 or 409 its meaning for that call).
    /// </summary>
    internal sealed class DockerEngine : IDisposable
    {
        private readonly IProviderLog? _log;
        private readonly TimeSpan _readTimeout;
        private readonly TimeSpan _slowTimeout;

        public DockerEngine(Uri endpoint, ProviderOptions options)
        {
            Endpoint = endpoint;
            _log = options.Log;
            var timeouts = options.Timeouts ?? ProviderTimeouts.Default;

            // Every call gets the HTTP budget, so a hung engine fails a list or inspect in seconds; only the calls that
            // copy whole filesystems (pulls, commits, removals of big containers) get the action budget (see IsSlow).
            // The client's own timeout is the longer one, an upper bound; each call narrows it with its own token.
            _readTimeout = timeouts.HttpRequest;
            _slowTimeout = timeouts.ActionComplete > timeouts.HttpRequest ? timeouts.ActionComplete : timeouts.HttpRequest;
            try
            {
                // A DockerConfig that already knows the host, so the builder reads no CLI config or context files.
                var config = new DockerConfig(new FixedCliSettings(endpoint.OriginalString));
                Client = new DockerClientBuilder(config).WithEndpoint(endpoint).WithTimeout(_slowTimeout).Build();
            }
            catch (Exception e) when (!(e is OperationCanceledException))
            {
                throw DockerRequestValidator.Invalid("Endpoint", $"Cannot use the engine address {endpoint.OriginalString}: {e.Message}");
            }
        }

        public Uri Endpoint { get; }

        public DockerClient Client { get; }

        public void Log(ProviderLogLevel level, string message) => _log?.Write(level, message);

        public async Task<T> CallAsync<T>(string method, string path, Func<DockerClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken, string? field = null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var watch = Stopwatch.StartNew();
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(IsSlow(method, path) ? _slowTimeout : _readTimeout);
            try
            {
                var result = await call(Client, limit.Token).ConfigureAwait(false);
                Trace(method, path, "ok", watch);
                return result;
            }
            catch (Exception e) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested && !(e is DockerApiException) && !(e is ProviderException))
            {
                // This call's own time ran out (a hung engine): a Timeout, whatever shape the aborted stream took.
                Trace(method, path, "timed out", watch);
                throw TimedOut(method, path, watch);
            }
            catch (Exception e) when (cancellationToken.IsCancellationRequested && !(e is DockerApiException) && !(e is ProviderException))
            {
                // Cancelling a call mid-stream can surface as the stream's failure (IOException, a disposed
                // object): that is still the caller's cancellation, not an unreachable engine.
                Trace(method, path, "cancelled", watch);
                if (e is OperationCanceledException)
                {
                    throw;
                }

                throw new OperationCanceledException($"{method} {path} was cancelled.", e, cancellationToken);
            }
            catch (DockerApiException api)
            {
                Trace(method, path, ((int)api.StatusCode).ToString(CultureInfo.InvariantCulture), watch);
                throw DockerErrors.FromApi(api, $"{method} {path}", field);
            }
            catch (OperationCanceledException)
            {
                // Cancelled, but not by our caller: the client's own timeout ran out.
                Trace(method, path, "timed out", watch);
                throw TimedOut(method, path, watch);
            }
            catch (ProviderException)
            {
                Trace(method, path, "failed", watch);
                throw;
            }
            catch (Exception e) when (DockerErrors.IsConnectionFailure(e))
            {
                Trace(method, path, "unreachable", watch);
                throw DockerErrors.Unreachable(Endpoint, e);
            }
            catch (Exception e)
            {
                Trace(method, path, "failed: " + e.GetType().Name, watch);
                throw DockerErrors.Unexpected(e, $"{method} {path}");
            }
        }

        public Task CallAsync(string method, string path, Func<DockerClient, CancellationToken, Task> call, CancellationToken cancellationToken, string? field = null) =>
            CallAsync<bool>(method, path, async (client, ct) =>
            {
                await call(client, ct).ConfigureAwait(false);
                return true;
            }, cancellationToken, field);

        public void Dispose() => Client.Dispose();

        /// <summary>Calls that copy or delete whole filesystems: image pulls, imports and builds, commits, removals.</summary>
        internal static bool IsSlow(string method, string path) =>
            path.StartsWith("/commit", StringComparison.Ordinal) ||
            path.StartsWith("/images/create", StringComparison.Ordinal) ||
            path.StartsWith("/images/load", StringComparison.Ordinal) ||
            path.StartsWith("/build", StringComparison.Ordinal) ||
            string.Equals(method, "DELETE", StringComparison.OrdinalIgnoreCase);

        private ProviderException TimedOut(string method, string path, Stopwatch watch)
        {
            var error = ProviderException.Timeout($"{method} {path} on the Docker engine at {Endpoint.OriginalString} (no answer; is the engine hung?)", watch.Elapsed);
            error.Provider = DockerProvider.ProviderName;
            return error;
        }

        private sealed class FixedCliSettings : IDockerCliSettings
        {
            public FixedCliSettings(string host)
            {
                DockerHost = host;
            }

            public string? DockerConfig => null;

            public string DockerHost { get; }

            public string? DockerTlsVerify => null;

            public string? DockerContext => null;
        }

        private void Trace(string method, string path, string outcome, Stopwatch watch) =>
            _log?.Write(ProviderLogLevel.Verbose, $"docker {method} {path} -> {outcome} ({watch.ElapsedMilliseconds} ms)");
    }
}
