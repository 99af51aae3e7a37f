using System.Threading;
using System.Threading.Tasks;
using Spuff.Core;

namespace Spuff.Providers.Ssh
{
    /// <summary>
    /// The shared <see cref="ICommandRunner"/> of every provider whose machines are reached over SSH (DigitalOcean,
    /// Hetzner, AWS): one connection per command, host key checked against Spuff's known-hosts file.
    /// </summary>
    public sealed class SshCommandRunner : ICommandRunner
    {
        private readonly IProviderLog? _log;

        public SshCommandRunner(IProviderLog? log = null)
        {
            _log = log;
        }

        public async Task<CommandResult> RunCommandAsync(ProviderInstance instance, string command, RemoteAccess access, CancellationToken cancellationToken = default)
        {
            using (var session = await SshSession.OpenAsync(instance, access, _log, cancellationToken).ConfigureAwait(false))
            {
                return await session.RunAsync(command, access.CommandTimeout, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
