using System.Threading;
using System.Threading.Tasks;

namespace Spuff.Core
{
    /// <summary>
    /// Optional: a provider that can run a command on its instances by itself (Docker: the engine's exec API).
    /// Providers without it are reached over SSH by Spuff's shared SSH runner.
    /// </summary>
    public interface ICommandRunner
    {
        /// <summary>
        /// Runs <paramref name="command"/> through the instance's shell (<c>/bin/sh -c</c>) and returns its exit code and
        /// output. Throws <see cref="ProviderException"/>: NotFound when the instance is gone, InvalidConfig when it is
        /// not running, Network/Timeout when it cannot be reached. A non-zero exit is a result, not an exception.
        /// </summary>
        Task<CommandResult> RunCommandAsync(ProviderInstance instance, string command, RemoteAccess access, CancellationToken cancellationToken = default);
    }
}
