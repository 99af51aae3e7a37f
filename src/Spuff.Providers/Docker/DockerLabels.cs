namespace Spuff.Providers.Docker
{
    /// <summary>The labels Spuff puts on containers and snapshot images. Docker labels are real key/value pairs,
    /// so user labels go through unchanged; the keys below are reserved.</summary>
    internal static class DockerLabels
    {
        public const string ManagedBy = "managed-by";
        public const string ManagedByValue = "spuff";
        public const string ReservedPrefix = "spuff.";
        public const string Name = "spuff.name";
        public const string Size = "spuff.size";
        public const string SnapshotName = "spuff.snapshot-name";
        public const string SourceInstance = "spuff.source-instance";

        /// <summary>The engine's label filter for everything Spuff made.</summary>
        public const string ManagedFilter = ManagedBy + "=" + ManagedByValue;
    }
}
