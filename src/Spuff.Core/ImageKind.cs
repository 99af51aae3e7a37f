namespace Spuff.Core
{
    /// <summary>What an <see cref="ImageSpec"/> names.</summary>
    public enum ImageKind
    {
        Ubuntu,
        Debian,
        Custom,
        Snapshot,
    }
}
