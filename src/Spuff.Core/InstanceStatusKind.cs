namespace Spuff.Core
{
    /// <summary>The provider-neutral lifecycle state of an instance.</summary>
    public enum InstanceStatusKind
    {
        New,
        Active,
        Off,
        Archive,
        Unknown,
    }
}
