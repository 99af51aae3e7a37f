using System;
using System.Globalization;
using Spuff.Core;

namespace Spuff.PowerShell.Internal
{
    /// <summary>
    /// <c>$env:SPUFF_HTTP_TIMEOUT_SECONDS</c>: the limit of one HTTP request in seconds (default 30, 1 to 600), for slow
    /// links and for tests that stall answers on purpose. Read per call, like every other Spuff variable.
    /// </summary>
    internal static class HttpTimeoutSetting
    {
        public const string Variable = "SPUFF_HTTP_TIMEOUT_SECONDS";

        public static ProviderTimeouts Apply(ProviderTimeouts timeouts)
        {
            var text = Environment.GetEnvironmentVariable(Variable);
            if (string.IsNullOrWhiteSpace(text))
            {
                return timeouts;
            }

            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || double.IsNaN(seconds) || seconds < 1 || seconds > 600)
            {
                throw ProviderException.InvalidConfig(Variable, $"'{text}' is not a number of seconds from 1 to 600. Set $env:{Variable} to a value such as 60, or remove it for the default of 30.");
            }

            return timeouts.WithHttpRequest(TimeSpan.FromSeconds(seconds));
        }
    }
}
