using System;
using System.Collections.Generic;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using global::Docker.DotNet.Models;
using Spuff.Core;

namespace Spuff.Providers.Docker
{
    /// <summary>
    /// Finds the image a container starts from: a snapshot must already exist (it is never pulled); anything else
    /// is used from the local store, and pulled only when missing, with the pull's progress written to the log.
    /// </summary>
    internal sealed class DockerImageResolver
    {
        private readonly DockerEngine _engine;

        public DockerImageResolver(DockerEngine engine)
        {
            _engine = engine;
        }

        /// <summary>The reference (or, for snapshots, the image id) to create the container from.</summary>
        public async Task<string> ResolveAsync(ImageSpec spec, CancellationToken cancellationToken)
        {
            if (spec.Kind == ImageKind.Snapshot)
            {
                var snapshot = await InspectAsync(spec.Value, cancellationToken).ConfigureAwait(false);
                if (snapshot == null)
                {
                    throw DockerRequestValidator.Invalid("Image", $"The snapshot '{spec.Value}' does not exist on this engine " +
                        "(Get-SpuffSnapshot -Provider docker lists the snapshots there are).");
                }

                return snapshot.ID;
            }

            var reference = DockerImageReference.FromSpec(spec);
            if (await InspectAsync(reference, cancellationToken).ConfigureAwait(false) != null)
            {
                return reference;
            }

            await PullAsync(reference, cancellationToken).ConfigureAwait(false);
            if (await InspectAsync(reference, cancellationToken).ConfigureAwait(false) == null)
            {
                throw NotAvailable(reference, "the pull finished but the engine still has no such image");
            }

            return reference;
        }

        private async Task<ImageInspectResponse?> InspectAsync(string reference, CancellationToken cancellationToken)
        {
            try
            {
                return await _engine.CallAsync(
                    "GET",
                    $"/images/{reference}/json",
                    (client, ct) => client.Images.InspectImageAsync(reference, ct),
                    cancellationToken,
                    "Image").ConfigureAwait(false);
            }
            catch (ProviderException error) when (error.StatusCode == (int)HttpStatusCode.NotFound)
            {
                return null;
            }
        }

        private async Task PullAsync(string reference, CancellationToken cancellationToken)
        {
            var (fromImage, tag) = DockerImageReference.ForPull(reference);
            var failures = new List<string>();
            var lastStatus = new Dictionary<string, string>(StringComparer.Ordinal);
            var progress = new SyncProgress<JSONMessage>(message =>
            {
                if (message.Error != null && !string.IsNullOrEmpty(message.Error.Message))
                {
                    failures.Add(message.Error.Message!);
                    return;
                }

                // One line per layer and state change, not one per downloaded chunk.
                var key = message.ID ?? string.Empty;
                var status = message.Status ?? string.Empty;
                if (status.Length == 0 || (lastStatus.TryGetValue(key, out var previous) && previous == status))
                {
                    return;
                }

                lastStatus[key] = status;
                _engine.Log(ProviderLogLevel.Verbose, $"docker pull {reference}: {(key.Length > 0 ? key + " " : string.Empty)}{status}");
            });

            _engine.Log(ProviderLogLevel.Verbose, $"docker pull {reference}: not on this machine, pulling");
            await _engine.CallAsync(
                "POST",
                $"/images/create?fromImage={fromImage}" + (tag != null ? "&tag=" + tag : string.Empty),
                async (client, ct) =>
                {
                    try
                    {
                        await client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = fromImage, Tag = tag }, null, progress, ct).ConfigureAwait(false);
                    }
                    catch (global::Docker.DotNet.DockerApiException api)
                    {
                        throw NotAvailable(reference, DockerErrors.MessageOf(api));
                    }
                },
                cancellationToken,
                "Image").ConfigureAwait(false);

            if (failures.Count > 0)
            {
                throw NotAvailable(reference, failures[failures.Count - 1]);
            }
        }

        private static ProviderException NotAvailable(string reference, string reason)
        {
            var error = DockerRequestValidator.Invalid("Image",
                $"The image '{reference}' is not on this machine and could not be pulled: {reason}. " +
                "No registry may be reachable from here: build, load or import the image locally " +
                "(docker build / docker load / docker import), or check the image name.");
            error.ResourceType = "image";
            error.ResourceId = reference;
            return error;
        }

        /// <summary>Reports on the caller's thread: Progress&lt;T&gt; would post to the thread pool and could log
        /// after the pull has already failed or returned.</summary>
        private sealed class SyncProgress<T> : IProgress<T>
        {
            private readonly Action<T> _report;

            public SyncProgress(Action<T> report)
            {
                _report = report;
            }

            public void Report(T value) => _report(value);
        }
    }
}
