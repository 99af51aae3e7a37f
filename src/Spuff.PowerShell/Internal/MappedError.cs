using System.Management.Automation;

namespace Spuff.PowerShell.Internal
{
    /// <summary>An ErrorRecord and whether the whole command must stop because of it.</summary>
    internal sealed class MappedError
    {
        public MappedError(ErrorRecord record, bool isTerminating)
        {
            Record = record;
            IsTerminating = isTerminating;
        }

        public ErrorRecord Record { get; }

        public bool IsTerminating { get; }
    }
}
