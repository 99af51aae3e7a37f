using System;
using System.Threading;
using System.Threading.Tasks;
using Spuff.Core;

namespace Spuff.Providers.Ssh
{
    /// <summary>A place to run commands on one instance, one after another: an SSH session, or Docker exec.</summary>
    public interface IRemoteShell : IDisposable
    {
        Task<CommandResult> RunAsync(string command, TimeSpan? timeout, CancellationToken cancellationToken);
    }
}
