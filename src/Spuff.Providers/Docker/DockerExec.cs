using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using global::Docker.DotNet.Models;
using Spuff.Core;
using Spuff.Providers.Ssh;

namespace Spuff.Providers.Docker
{
    /// <summary>
    /// Runs a command in a container through the engine's exec API (create, start attached, read the multiplexed
    /// stdout/stderr to the end, inspect the exit code): what `docker exec` does, without the CLI.
    /// </summary>
    internal sealed class DockerExec : IRemoteShell
    {
        private readonly DockerEngine _engine;
        private readonly ProviderInstance _instance;
        private readonly string? _user;

        public DockerExec(DockerEngine engine, ProviderInstance instance, string? user)
        {
            _engine = engine;
            _instance = instance;
            _user = user;
        }

        public async Task<CommandResult> RunAsync(string command, TimeSpan? timeout, CancellationToken cancellationToken)
        {
            DockerRequestValidator.ValidateInstanceId(_instance.Id);
            var id = _instance.Id;
            var watch = Stopwatch.StartNew();
            using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                if (timeout.HasValue)
                {
                    limit.CancelAfter(timeout.Value);
                }

                try
                {
                    var created = await CreateAsync(id, command, limit.Token).ConfigureAwait(false);
                    string stdout;
                    string stderr;
                    using (var stream = await _engine.CallAsync(
                        "POST",
                        $"/exec/{created.ID}/start",
                        (client, ct) => client.Exec.StartContainerExecAsync(created.ID, new ContainerExecStartParameters(), ct),
                        limit.Token).ConfigureAwait(false))
                    {
                        (stdout, stderr) = await stream.ReadOutputToEndAsync(limit.Token).ConfigureAwait(false);
                    }

                    var inspect = await _engine.CallAsync(
                        "GET",
                        $"/exec/{created.ID}/json",
                        (client, ct) => client.Exec.InspectContainerExecAsync(created.ID, ct),
                        limit.Token).ConfigureAwait(false);
                    var exit = inspect.ExitCode.HasValue ? (int)inspect.ExitCode.Value : -1;
                    _engine.Log(ProviderLogLevel.Debug, $"docker: exec in {_instance.Name} exited {exit} after {watch.ElapsedMilliseconds} ms.");
                    return new CommandResult(_instance, command, exit, stdout, stderr, watch.Elapsed);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && timeout.HasValue)
                {
                    var error = ProviderException.Timeout($"command in container {_instance}", watch.Elapsed);
                    error.Provider = DockerProvider.ProviderName;
                    error.ResourceId = id;
                    throw error;
                }
            }
        }

        public void Dispose()
        {
        }

        private async Task<ContainerExecCreateResponse> CreateAsync(string id, string command, CancellationToken cancellationToken)
        {
            var parameters = new ContainerExecCreateParameters
            {
                AttachStdout = true,
                AttachStderr = true,
                Cmd = new List<string> { "/bin/sh", "-c", command },
                User = _user ?? string.Empty,
            };
            try
            {
                return await _engine.CallAsync(
                    "POST",
                    $"/containers/{id}/exec",
                    (client, ct) => client.Exec.CreateContainerExecAsync(id, parameters, ct),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (ProviderException error) when (error.StatusCode == 404)
            {
                var gone = ProviderException.NotFound("instance", id);
                gone.Provider = DockerProvider.ProviderName;
                throw gone;
            }
            catch (ProviderException error) when (error.StatusCode == 409)
            {
                throw new ProviderException(
                    ProviderErrorKind.InvalidConfig,
                    $"Container {_instance} is not running, so no command can run in it. Start it with `docker start {_instance.Name}`.",
                    error)
                {
                    Provider = DockerProvider.ProviderName,
                    Field = "InputObject",
                    ResourceType = "instance",
                    ResourceId = id,
                    StatusCode = 409,
                };
            }
        }
    }
}
