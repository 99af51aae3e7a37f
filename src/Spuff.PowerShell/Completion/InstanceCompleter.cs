namespace Spuff.PowerShell.Completion
{
    /// <summary>Completes -Name and -Id with the provider's instances (see <see cref="ResourceCompleter"/>).</summary>
    public sealed class InstanceCompleter : ResourceCompleter
    {
        public InstanceCompleter()
            : base(ResourceKind.Instance)
        {
        }
    }
}
