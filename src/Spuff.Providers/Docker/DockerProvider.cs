using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using global::Docker.DotNet;
using global::Docker.DotNet.Models;
using Spuff.Core;
using Spuff.Providers.Creating;
using Spuff.Providers.Waiting;

namespace Spuff.Providers.Docker
{
    /// <summary>
    /// Local dev environments as containers on a Docker (or Podman) engine: no account, no token. Every container
    /// Spuff makes carries the label managed-by=spuff; containers without it are invisible to every member here,
    /// so a user's own containers can never be listed, snapshotted or removed through Spuff.
    /// </summary>
    public sealed class DockerProvider : IProvider, IProviderCatalog, ICommandRunner, IDisposable, IBatchReadiness
    {
        public const string ProviderName = "docker";

        /// <summary>ProviderOptions.Settings key: the network containers join instead of the engine's default.</summary>
        public const string NetworkSetting = "Network";

        private static readonly Regex HostnamePattern = new Regex(@"^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\z", RegexOptions.CultureInvariant);
        private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

        private readonly DockerEngine _engine;
        private readonly DockerImageResolver _images;
        private readonly ProviderTimeouts _timeouts;
        private readonly string? _network;

        internal DockerProvider(ProviderOptions options, Uri endpoint)
        {
            _timeouts = options.Timeouts ?? ProviderTimeouts.Default;
            if (options.Settings != null && options.Settings.TryGetValue(NetworkSetting, out var network) && !string.IsNullOrWhiteSpace(network))
            {
                if (network.IndexOfAny(new[] { ' ', '/', '?', '#', '\t' }) >= 0)
                {
                    throw DockerRequestValidator.Invalid(NetworkSetting, $"'{network}' is not a Docker network name.");
                }

                _network = network.Trim();
            }

            _engine = new DockerEngine(endpoint, options);
            ReadinessRules = DockerReadiness.Rules();
            _images = new DockerImageResolver(_engine);
        }

        public string Name => ProviderName;

        public bool SupportsSnapshots => true;

        /// <summary>The engine address Spuff would use now (SPUFF_DOCKER_ENDPOINT, DOCKER_HOST, the CLI context, the
        /// platform default), for `docker -H` in Connect-SpuffInstance.</summary>
        public static string CurrentEndpoint() => DockerEndpoint.Resolve(null).OriginalString;

        /// <summary>The engine address in use (for diagnostics).</summary>
        public Uri Endpoint => _engine.Endpoint;

        public async Task<ProviderInstance> CreateInstanceAsync(InstanceRequest request, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (request == null)
            {
                throw DockerRequestValidator.Invalid("Request", "The request is null.");
            }

            DockerRequestValidator.ValidateName(request.Name);
            DockerRequestValidator.ValidateRegion(request.Region);
            var size = DockerSize.Parse(request.Size);
            DockerRequestValidator.ValidateLabels(request.Labels);
            var script = DockerRequestValidator.ValidateUserData(request.UserData);
            var spec = request.Image ?? ImageSpec.Default;
            if (spec.Kind != ImageKind.Snapshot)
            {
                DockerImageReference.FromSpec(spec);
            }

            if (request.SshKeys != null && request.SshKeys.Count > 0)
            {
                _engine.Log(ProviderLogLevel.Warning, "docker: SSH keys are not used by local containers (reach them with `docker exec`); ignoring -SshKey.");
            }

            var image = await _images.ResolveAsync(spec, cancellationToken).ConfigureAwait(false);
            var parameters = BuildCreateParameters(request, size, image, script != null);
            var name = request.Name;
            CreateContainerResponse created;
            try
            {
                created = await _engine.CallAsync(
                    "POST",
                    $"/containers/create?name={name}",
                    async (client, ct) =>
                    {
                        try
                        {
                            return await client.Containers.CreateContainerAsync(parameters, ct).ConfigureAwait(false);
                        }
                        catch (DockerApiException api)
                        {
                            throw DockerErrors.CreateFailed(api, name, image);
                        }
                    },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (ProviderException error) when (error.StatusCode == 409 && !cancellationToken.IsCancellationRequested)
            {
                // The engine keeps names unique. A Spuff container with the name is most likely an earlier run's:
                // report it (the user can use it), never make a second one.
                var existing = await InspectAsync(name, cancellationToken).ConfigureAwait(false);
                if (existing != null && DockerMapping.IsManagedContainer(existing.Config?.Labels))
                {
                    throw CreateOutcome.AlreadyExists(DockerMapping.FromInspect(existing, _network), ProviderName, "The Docker engine");
                }

                throw;
            }
            catch (ProviderException error) when (error.StatusCode == null && CreateOutcome.IsAmbiguous(error) && !cancellationToken.IsCancellationRequested)
            {
                // No answer: the engine may have made the container (it finishes a create even when the client has
                // gone). One found by its unique name is this call's half-made container: remove it, as after any
                // failure past this point. One not found may still appear if the engine is slow: say so.
                var orphan = await InspectAsync(name, CancellationToken.None).ConfigureAwait(false);
                if (orphan != null && DockerMapping.IsManagedContainer(orphan.Config?.Labels))
                {
                    await RemoveQuietlyAsync(orphan.ID).ConfigureAwait(false);
                    throw;
                }

                throw CreateOutcome.MayExist(error, ProviderName, "the Docker engine", name, $"no container named '{name}' exists now, but a slow engine may still make it.");
            }

            foreach (var warning in created.Warnings ?? Array.Empty<string>())
            {
                _engine.Log(ProviderLogLevel.Warning, $"docker: creating {name}: {warning}");
            }

            try
            {
                if (script != null)
                {
                    using var archive = DockerUserData.BuildArchive(script, DateTimeOffset.UtcNow);
                    await _engine.CallAsync(
                        "PUT",
                        $"/containers/{created.ID}/archive?path=/",
                        (client, ct) => client.Containers.ExtractArchiveToContainerAsync(created.ID, new CopyToContainerParameters { Path = "/" }, archive, ct),
                        cancellationToken,
                        "UserData").ConfigureAwait(false);
                }

                await _engine.CallAsync(
                    "POST",
                    $"/containers/{created.ID}/start",
                    async (client, ct) =>
                    {
                        try
                        {
                            await client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), ct).ConfigureAwait(false);
                        }
                        catch (DockerApiException api)
                        {
                            throw DockerErrors.StartFailed(api, name, image);
                        }
                    },
                    cancellationToken).ConfigureAwait(false);

                var container = await InspectAsync(created.ID, cancellationToken).ConfigureAwait(false);
                return container != null
                    ? ReadinessRules.Remember(DockerMapping.FromInspect(container, _network))
                    : throw new ProviderException(ProviderErrorKind.Api, $"Container {name} ({created.ID}) vanished right after it was started.")
                    {
                        Provider = ProviderName,
                        ResourceType = "instance",
                        ResourceId = created.ID,
                    };
            }
            catch (Exception e)
            {
                // Never leave a half-made container behind: remove it, whatever the caller's token says, and
                // report the original failure.
                await RemoveQuietlyAsync(created.ID).ConfigureAwait(false);
                if (e is ProviderException || e is OperationCanceledException)
                {
                    throw;
                }

                throw DockerErrors.Unexpected(e, "creating container " + name);
            }
        }

        public async Task DestroyInstanceAsync(string id, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            DockerRequestValidator.ValidateInstanceId(id);
            var container = await InspectAsync(id, cancellationToken).ConfigureAwait(false);
            if (container == null)
            {
                return;
            }

            if (!DockerMapping.IsManagedContainer(container.Config?.Labels))
            {
                var error = DockerRequestValidator.Invalid("Id", $"The container '{id}' was not made by Spuff (it has no label " +
                    $"{DockerLabels.ManagedFilter}); Spuff does not remove it. Use `docker rm` if you mean to.");
                error.ResourceType = "instance";
                error.ResourceId = id;
                throw error;
            }

            try
            {
                await _engine.CallAsync(
                    "POST",
                    $"/containers/{container.ID}/stop?t={StopGrace.TotalSeconds}",
                    (client, ct) => client.Containers.StopContainerAsync(container.ID, new ContainerStopParameters { WaitBeforeKillSeconds = (uint)StopGrace.TotalSeconds }, ct),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (ProviderException error) when (error.StatusCode == 404 || error.StatusCode == 409)
            {
                // Already gone, or already being removed: the remove below settles it.
            }

            try
            {
                await _engine.CallAsync(
                    "DELETE",
                    $"/containers/{container.ID}?force=true&v=true",
                    (client, ct) => client.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, ct),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (ProviderException error) when (error.StatusCode == 404 || (error.StatusCode == 409 && error.Message.IndexOf("already in progress", StringComparison.OrdinalIgnoreCase) >= 0))
            {
                // Gone already, or another call is removing it right now: either way it is going.
            }
        }

        public async Task<ProviderInstance?> GetInstanceAsync(string id, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            DockerRequestValidator.ValidateInstanceId(id);
            var container = await InspectAsync(id, cancellationToken).ConfigureAwait(false);
            return container != null && DockerMapping.IsManagedContainer(container.Config?.Labels)
                ? DockerMapping.FromInspect(container, _network)
                : null;
        }

        public async IAsyncEnumerable<ProviderInstance> ListInstancesAsync(ListFilter? filter = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            // The engine has no pages: one call returns every container that matches the filter, a consistent
            // snapshot of the engine's state. The filter's labels are ANDed on the engine and checked again below.
            var labels = LabelFilters(filter, DockerLabels.ManagedFilter);
            var containers = await _engine.CallAsync(
                "GET",
                "/containers/json?all=true&filters=label=" + string.Join(",label=", labels),
                (client, ct) => client.Containers.ListContainersAsync(
                    new ContainersListParameters { All = true, Filters = LabelFilter(labels) },
                    ct),
                cancellationToken).ConfigureAwait(false);
            foreach (var container in containers ?? Array.Empty<ContainerListResponse>())
            {
                // The filter already did this; checking again costs nothing and keeps a lax engine honest.
                if (DockerMapping.IsManagedContainer(container.Labels))
                {
                    var instance = DockerMapping.FromList(container, _network);
                    if (ListFilter.Admits(filter, instance.Labels))
                    {
                        yield return instance;
                    }
                }
            }
        }

        public Task<ProviderInstance> WaitReadyAsync(string id, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            DockerRequestValidator.ValidateInstanceId(id);
            return ReadinessWaiter.WaitOneAsync(this, id, _timeouts, progress, cancellationToken);
        }

        /// <summary>Grace after create, containers that exited, died or are paused.</summary>
        public ReadinessRules ReadinessRules { get; }

        async Task<BatchPoll> IBatchReadiness.PollAsync(IReadOnlyList<WaitTarget> pending, bool batch, CancellationToken cancellationToken)
        {
            if (batch)
            {
                return await BatchPolls.ListAllAsync(this, pending, cancellationToken).ConfigureAwait(false);
            }

            var poll = new BatchPoll();
            await BatchPolls.GetEachAsync(GetInstanceAsync, pending, poll, cancellationToken).ConfigureAwait(false);
            return poll;
        }

        public async Task<Snapshot> CreateSnapshotAsync(string instanceId, string name, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            DockerRequestValidator.ValidateInstanceId(instanceId);
            DockerRequestValidator.ValidateSnapshotName(name);
            var started = DateTimeOffset.UtcNow;
            var container = await InspectAsync(instanceId, cancellationToken).ConfigureAwait(false);
            if (container == null || !DockerMapping.IsManagedContainer(container.Config?.Labels))
            {
                throw NotFound("instance", instanceId);
            }

            var tag = DockerImageReference.SnapshotTag(name);
            var containerName = (container.Name ?? container.ID).TrimStart('/');
            Report(progress, "committing " + containerName + " to " + DockerImageReference.SnapshotRepository + ":" + tag, started, 0);
            var parameters = new CommitContainerChangesParameters
            {
                ContainerID = container.ID,
                RepositoryName = DockerImageReference.SnapshotRepository,
                Tag = tag,
                Comment = $"Spuff snapshot '{name}' of {containerName}",
                Author = "spuff",

                // Paused while the filesystem is copied, so the snapshot is consistent.
                Pause = true,
                Labels = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    [DockerLabels.ManagedBy] = DockerLabels.ManagedByValue,
                    [DockerLabels.SnapshotName] = name,
                    [DockerLabels.SourceInstance] = container.ID,

                    // The commit copies the container's labels into the image, and containers inherit image labels:
                    // blank the ones that mark a Spuff container, so `docker run <snapshot>` does not make one.
                    [DockerLabels.Name] = string.Empty,
                    [DockerLabels.Size] = string.Empty,
                },
            };
            CommitContainerChangesResponse committed;
            try
            {
                committed = await _engine.CallAsync(
                    "POST",
                    $"/commit?container={container.ID}&repo={DockerImageReference.SnapshotRepository}&tag={tag}",
                    (client, ct) => client.Images.CommitContainerChangesAsync(parameters, ct),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (ProviderException error) when (error.StatusCode == 404)
            {
                throw NotFound("instance", instanceId);
            }

            var image = await InspectImageAsync(committed.ID, cancellationToken).ConfigureAwait(false)
                ?? throw new ProviderException(ProviderErrorKind.Api, $"The snapshot image {committed.ID} vanished right after the commit.")
                {
                    Provider = ProviderName,
                    ResourceType = "snapshot",
                    ResourceId = committed.ID,
                };
            Report(progress, "done", started, 100);
            return DockerMapping.FromImage(image.ID, image.Created, image.Size, image.Config?.Labels);
        }

        public async IAsyncEnumerable<Snapshot> ListSnapshotsAsync(ListFilter? filter = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var labels = LabelFilters(filter, DockerLabels.ManagedFilter, DockerLabels.SnapshotName);
            var filters = LabelFilter(labels);
            var images = await _engine.CallAsync(
                "GET",
                "/images/json?filters=label=" + string.Join(",label=", labels),
                (client, ct) => client.Images.ListImagesAsync(new ImagesListParameters { Filters = filters }, ct),
                cancellationToken).ConfigureAwait(false);
            foreach (var image in images ?? Array.Empty<ImagesListResponse>())
            {
                if (DockerMapping.IsSnapshot(image.Labels))
                {
                    var snapshot = DockerMapping.FromImage(image.ID, image.Created, image.Size, image.Labels);
                    if (ListFilter.Admits(filter, snapshot.Labels))
                    {
                        yield return snapshot;
                    }
                }
            }
        }

        public async Task DeleteSnapshotAsync(string id, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            DockerRequestValidator.ValidateSnapshotId(id);
            var image = await InspectImageAsync(id, cancellationToken).ConfigureAwait(false);
            if (image == null)
            {
                return;
            }

            if (!DockerMapping.IsSnapshot(image.Config?.Labels))
            {
                var error = DockerRequestValidator.Invalid("Id", $"The image '{id}' is not a Spuff snapshot (it has no label " +
                    $"{DockerLabels.ManagedFilter} and {DockerLabels.SnapshotName}); Spuff deletes only images it made.");
                error.ResourceType = "snapshot";
                error.ResourceId = id;
                throw error;
            }

            try
            {
                await _engine.CallAsync(
                    "DELETE",
                    $"/images/{image.ID}",
                    (client, ct) => client.Images.DeleteImageAsync(image.ID, new ImageDeleteParameters { Force = false }, ct),
                    cancellationToken,
                    "Id").ConfigureAwait(false);
            }
            catch (ProviderException error) when (error.StatusCode == 404)
            {
                // Deleted by someone else in between: the outcome the caller wanted.
            }
            catch (ProviderException error) when (error.StatusCode == 409)
            {
                throw await InUseAsync(id, image, error, cancellationToken).ConfigureAwait(false);
            }
        }

        public Task<IReadOnlyList<string>> GetSshKeysAsync(CancellationToken cancellationToken = default)
        {
            // Containers are reached with `docker exec`, not SSH: a local engine has no account keys.
            cancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult<IReadOnlyList<string>>(Array.Empty<string>());
        }

        public Task<IReadOnlyList<CatalogEntry>> ListRegionsAsync(CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult<IReadOnlyList<CatalogEntry>>(new[] { new CatalogEntry(DockerRequestValidator.LocalRegion, "This machine's engine") });
        }

        public Task<IReadOnlyList<CatalogEntry>> ListSizesAsync(CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult(DockerSize.Presets);
        }

        public async Task<IReadOnlyList<CatalogEntry>> ListImagesAsync(CancellationToken cancellationToken = default)
        {
            var images = await _engine.CallAsync(
                "GET",
                "/images/json",
                (client, ct) => client.Images.ListImagesAsync(new ImagesListParameters(), ct),
                cancellationToken).ConfigureAwait(false);
            return (images ?? Array.Empty<ImagesListResponse>())
                .SelectMany(i => i.RepoTags ?? Array.Empty<string>())
                .Where(t => !string.IsNullOrEmpty(t) && t != "<none>:<none>")
                .Distinct(StringComparer.Ordinal)
                .OrderBy(t => t, StringComparer.Ordinal)
                .Select(t => new CatalogEntry(t, "local image " + t))
                .ToArray();
        }

        /// <summary>Runs a command in the container through the engine's exec API (<see cref="DockerExec"/>); only
        /// <see cref="RemoteAccess.User"/> and <see cref="RemoteAccess.CommandTimeout"/> apply.</summary>
        public Task<CommandResult> RunCommandAsync(ProviderInstance instance, string command, RemoteAccess access, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return OpenShell(instance, access).RunAsync(command, access?.CommandTimeout, cancellationToken);
        }

        /// <summary>An exec "shell" for the cloud-init wait (one exec per command; nothing to keep open).</summary>
        internal Ssh.IRemoteShell OpenShell(ProviderInstance instance, RemoteAccess? access) =>
            new DockerExec(_engine, instance, string.IsNullOrWhiteSpace(access?.User) ? null : access!.User);

        public void Dispose() => _engine.Dispose();

        private CreateContainerParameters BuildCreateParameters(InstanceRequest request, DockerSize size, string image, bool hasUserData)
        {
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in request.Labels ?? new Dictionary<string, string>())
            {
                labels[pair.Key] = pair.Value ?? string.Empty;
            }

            labels[DockerLabels.ManagedBy] = DockerLabels.ManagedByValue;
            labels[DockerLabels.Name] = request.Name;
            labels[DockerLabels.Size] = size.Name;
            _engine.Log(ProviderLogLevel.Debug, $"docker: creating {request.Name} from {image}, size {size.Name}" +
                (hasUserData ? ", with a user-data script" : string.Empty) + (_network != null ? ", network " + _network : string.Empty));
            return new CreateContainerParameters
            {
                Name = request.Name,
                Image = image,
                Hostname = HostnamePattern.IsMatch(request.Name) ? request.Name : null!,
                Entrypoint = DockerUserData.Entrypoint.ToList(),
                Cmd = new List<string>(),
                Labels = labels,
                StopSignal = "SIGTERM",
                HostConfig = new HostConfig
                {
                    // No --init: the keep-alive shell is PID 1 and reaps orphans while it waits. With an init, an image
                    // without /bin/sh would start "fine" and die a moment later; without one, start fails and says so.
                    NetworkMode = _network!,
                    NanoCPUs = size.NanoCpus,
                    Memory = size.MemoryBytes,
                    MemorySwap = size.MemoryBytes,
                },
            };
        }

        private async Task<ContainerInspectResponse?> InspectAsync(string id, CancellationToken cancellationToken)
        {
            try
            {
                return await _engine.CallAsync(
                    "GET",
                    $"/containers/{id}/json",
                    (client, ct) => client.Containers.InspectContainerAsync(id, ct),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (ProviderException error) when (error.StatusCode == 404)
            {
                return null;
            }
        }

        private async Task<ImageInspectResponse?> InspectImageAsync(string id, CancellationToken cancellationToken)
        {
            try
            {
                return await _engine.CallAsync(
                    "GET",
                    $"/images/{id}/json",
                    (client, ct) => client.Images.InspectImageAsync(id, ct),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (ProviderException error) when (error.StatusCode == 404)
            {
                return null;
            }
        }

        private async Task RemoveQuietlyAsync(string id)
        {
            try
            {
                await _engine.CallAsync(
                    "DELETE",
                    $"/containers/{id}?force=true&v=true",
                    (client, ct) => client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, ct),
                    CancellationToken.None).ConfigureAwait(false);
            }
            catch (ProviderException error)
            {
                _engine.Log(ProviderLogLevel.Warning, $"docker: could not remove the half-made container {id}: {error.Message}. Remove it with `docker rm -f {id}`.");
            }
        }

        private async Task<ProviderException> InUseAsync(string id, ImageInspectResponse image, ProviderException conflict, CancellationToken cancellationToken)
        {
            IList<ContainerListResponse> users;
            try
            {
                users = await _engine.CallAsync(
                    "GET",
                    $"/containers/json?all=true&filters=ancestor={image.ID}",
                    (client, ct) => client.Containers.ListContainersAsync(
                        new ContainersListParameters { All = true, Filters = new Dictionary<string, IDictionary<string, bool>> { ["ancestor"] = new Dictionary<string, bool> { [image.ID] = true } } },
                        ct),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (ProviderException)
            {
                users = Array.Empty<ContainerListResponse>();
            }

            var names = users.Select(c => $"{(c.Names?.FirstOrDefault() ?? c.ID).TrimStart('/')} ({DockerImageReference.Short(c.ID)})").ToArray();
            var snapshotName = image.Config?.Labels != null && image.Config.Labels.TryGetValue(DockerLabels.SnapshotName, out var n) ? n : id;
            var message = names.Length > 0
                ? $"The snapshot '{snapshotName}' ({DockerImageReference.Short(image.ID)}) is still used by container {string.Join(", ", names)}. " +
                  "Destroy that instance first (Remove-SpuffInstance), then delete the snapshot."
                : $"The snapshot '{snapshotName}' ({DockerImageReference.Short(image.ID)}) cannot be deleted yet: {conflict.Message}. " +
                  "A snapshot taken from an instance made from it depends on it; delete that one first.";
            var error = DockerRequestValidator.Invalid("Id", message);
            error.ResourceType = "snapshot";
            error.ResourceId = id;
            error.StatusCode = 409;
            return error;
        }

        /// <summary>
        /// The engine's <c>label</c> filters: Spuff's own plus <c>key=value</c> for each label of the filter (the engine
        /// ANDs them); an empty value filters on the key alone and a key with '=' is left to the local check.
        /// </summary>
        private static string[] LabelFilters(ListFilter? filter, params string[] own)
        {
            var labels = new List<string>(own);
            foreach (var pair in filter?.Labels ?? new Dictionary<string, string>())
            {
                if (!string.IsNullOrEmpty(pair.Key) && pair.Key.IndexOf('=') < 0 && pair.Key != DockerLabels.ManagedBy)
                {
                    labels.Add(string.IsNullOrEmpty(pair.Value) ? pair.Key : pair.Key + "=" + pair.Value);
                }
            }

            return labels.Distinct(StringComparer.Ordinal).ToArray();
        }

        private static Dictionary<string, IDictionary<string, bool>> LabelFilter(params string[] labels) =>
            new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = labels.ToDictionary(l => l, _ => true, StringComparer.Ordinal),
            };

        private static ProviderException NotFound(string type, string id)
        {
            var error = ProviderException.NotFound(type, id);
            error.Provider = ProviderName;
            return error;
        }

        private static void Report(IProgress<OperationProgress>? progress, string status, DateTimeOffset started, int percent) =>
            progress?.Report(new OperationProgress("Creating snapshot", status, DateTimeOffset.UtcNow - started) { PercentComplete = percent });
    }
}
