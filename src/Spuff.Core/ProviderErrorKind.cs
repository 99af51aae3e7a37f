namespace Spuff.Core
{
    /// <summary>Every way a provider operation can fail. The cmdlets map each kind to one ErrorCategory and error id.</summary>
    public enum ProviderErrorKind
    {
        /// <summary>Invalid, expired, read-only or missing credentials.</summary>
        Authentication,

        /// <summary>The provider throttled us; <see cref="ProviderException.RetryAfter"/> says when to come back.</summary>
        RateLimit,

        NotFound,

        QuotaExceeded,

        /// <summary>Bad input: <see cref="ProviderException.Field"/> names the parameter or API field.</summary>
        InvalidConfig,

        /// <summary>The provider cannot do this (e.g. snapshots where it has none).</summary>
        NotSupported,

        /// <summary>A wait ran out; <see cref="ProviderException.Elapsed"/> says after how long.</summary>
        Timeout,

        /// <summary>The provider could not be reached (DNS, refused connection, TLS, dropped connection).</summary>
        Network,

        /// <summary>Any other error status from the API; <see cref="ProviderException.StatusCode"/> has it.</summary>
        Api,

        NotImplemented,

        /// <summary>No provider has that name; <see cref="ProviderException.SupportedProviders"/> lists those that do.</summary>
        UnknownProvider,

        Other,

        /// <summary>
        /// The name is already taken by an instance Spuff made (a re-run of a create): <see cref="ProviderException.Instance"/>
        /// is that instance. Nothing new was created.
        /// </summary>
        AlreadyExists,
    }
}
