namespace Spuff.Core
{
    public enum ProviderLogLevel
    {
        /// <summary>One line per HTTP call or step (the cmdlets' -Verbose).</summary>
        Verbose,

        /// <summary>Detail such as retries and rate-limit state (the cmdlets' -Debug).</summary>
        Debug,

        /// <summary>Something the user should know, such as a dropped feature.</summary>
        Warning,
    }
}
