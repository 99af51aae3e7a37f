using Spuff.Core;

namespace Spuff.PowerShell.Internal
{
    /// <summary>Forwards provider log lines to -Verbose, -Debug and warnings of the calling cmdlet, from any
    /// thread. Providers never pass tokens or user data here; this class adds none.</summary>
    internal sealed class CmdletProviderLog : IProviderLog
    {
        private readonly SpuffCmdlet _cmdlet;

        public CmdletProviderLog(SpuffCmdlet cmdlet)
        {
            _cmdlet = cmdlet;
        }

        public void Write(ProviderLogLevel level, string message)
        {
            switch (level)
            {
                case ProviderLogLevel.Verbose:
                    _cmdlet.Post(() => _cmdlet.WriteVerbose(message));
                    break;
                case ProviderLogLevel.Warning:
                    _cmdlet.Post(() => _cmdlet.WriteWarning(message));
                    break;
                default:
                    _cmdlet.Post(() => _cmdlet.WriteDebug(message));
                    break;
            }
        }
    }
}
