namespace Spuff.Providers.Ssh
{
    /// <summary>What <see cref="KnownHostsStore.Verify"/> found.</summary>
    public enum HostKeyVerdict
    {
        /// <summary>First contact: the key was written to the known-hosts file.</summary>
        Learnt,

        /// <summary>The key matches the one learnt before.</summary>
        Known,

        /// <summary>Another key than the one learnt before: refuse the connection.</summary>
        Changed,
    }
}
