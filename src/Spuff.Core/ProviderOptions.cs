using System;
using System.Collections.Generic;

namespace Spuff.Core
{
    /// <summary>Everything a factory needs to make a provider for one call. Nothing here is process-wide.</summary>
    public sealed class ProviderOptions
    {
        /// <summary>The API token (DigitalOcean, Hetzner). Never logged and never put in a message.</summary>
        public string? Token { get; set; }

        /// <summary>Default region for calls that need one (AWS); the region of created instances otherwise comes from the request.</summary>
        public string? Region { get; set; }

        /// <summary>A named credential profile (AWS shared credentials).</summary>
        public string? ProfileName { get; set; }

        /// <summary>Overrides the API base address (emulator, tests). Must be HTTPS unless it is a loopback address.</summary>
        public Uri? Endpoint { get; set; }

        public ProviderTimeouts Timeouts { get; set; } = ProviderTimeouts.Default;

        /// <summary>Receives one line per HTTP call (-Verbose) and detail (-Debug).</summary>
        public IProviderLog? Log { get; set; }

        /// <summary>Provider-specific settings that have no field of their own (e.g. Docker "Network").</summary>
        public IDictionary<string, string> Settings { get; set; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        public ProviderOptions Clone() => new ProviderOptions
        {
            Token = Token,
            Region = Region,
            ProfileName = ProfileName,
            Endpoint = Endpoint,
            Timeouts = Timeouts,
            Log = Log,
            Settings = new Dictionary<string, string>(Settings, StringComparer.OrdinalIgnoreCase),
        };
    }
}
