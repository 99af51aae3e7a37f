using System;
using System.Net;
using System.Runtime.InteropServices;

namespace Spuff.Providers.Http
{
    /// <summary>
    /// Windows PowerShell 5.1 runs on .NET Framework, whose HTTP stack still takes two process-wide defaults from
    /// <see cref="ServicePointManager"/>: the TLS versions (which may leave out TLS 1.2, and every provider API
    /// requires TLS 1.2 or newer) and two connections per host (which would serialize Spuff's concurrent page
    /// fetches and waits). Both are raised once, before the first request; on .NET (PowerShell 7) neither setting
    /// affects HttpClient, so nothing is changed there.
    /// </summary>
    public static class NetFrameworkDefaults
    {
        /// <summary>The connections per host Spuff allows itself on .NET Framework (its default is 2).</summary>
        public const int ConnectionLimit = 32;

        private static readonly object Gate = new object();
        private static bool _applied;

        public static bool IsNetFramework =>
            RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);

        /// <summary>Applies the defaults once per process on .NET Framework (or always when <paramref name="force"/>,
        /// for tests). Only ever adds TLS 1.2 and raises the limit: a host that chose more keeps it.</summary>
        public static void Apply(bool force = false)
        {
            if (!force && (!IsNetFramework || _applied))
            {
                return;
            }

            lock (Gate)
            {
                if (_applied && !force)
                {
                    return;
                }

                var protocols = ServicePointManager.SecurityProtocol;

                // SystemDefault (0) lets the OS choose, which is right on current Windows; anything explicit that
                // lacks TLS 1.2 gets it added (TLS 1.3 is left as the host set it).
                if (protocols != 0 && (protocols & SecurityProtocolType.Tls12) == 0)
                {
                    ServicePointManager.SecurityProtocol = protocols | SecurityProtocolType.Tls12;
                }

                if (ServicePointManager.DefaultConnectionLimit < ConnectionLimit)
                {
                    ServicePointManager.DefaultConnectionLimit = ConnectionLimit;
                }

                _applied = true;
            }
        }
    }
}
