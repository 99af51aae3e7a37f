using System.Threading.Tasks;
using Spuff.Core;
using Spuff.Providers.Waiting;

namespace Spuff.Providers.Docker
{
    /// <summary>
    /// How the Docker provider answers the shared readiness rules. A local engine lists every managed container in
    /// one unpaged call, so a batch poll is that one list (plus an inspect for an id given by name or short id). A
    /// container that has exited, died or is paused stays so (Spuff sets no restart policy): the wait ends at once.
    /// </summary>
    internal static class DockerReadiness
    {
        public static ReadinessRules Rules() => new ReadinessRules(DockerProvider.ProviderName)
        {
            CannotBecomeReady = (instance, _) => Task.FromResult(CannotBecomeReady(instance)),
        };

        private static ProviderException? CannotBecomeReady(ProviderInstance instance)
        {
            if (!DockerStatusMap.IsStopped(instance.GetStatus()))
            {
                return null;
            }

            var name = string.IsNullOrEmpty(instance.Name) ? instance.Id : instance.Name;
            var restart = instance.GetStatus().Raw == "paused" ? $"`docker unpause {name}`" : $"`docker start {name}`";
            return new ProviderException(
                ProviderErrorKind.Other,
                $"Container {name} ({instance.Id}) has {instance.GetStatus().Raw} and will not become ready by itself. " +
                $"See why with `docker logs {name}`; start it again with {restart}.")
            {
                ErrorCode = instance.GetStatus().Raw,
            };
        }
    }
}
