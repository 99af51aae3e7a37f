using System;
using Spuff.Core;

namespace Spuff.PowerShell.Internal
{
    /// <summary>
    /// The registry of provider factories, made on first use (that is when Spuff.Providers and its
    /// dependencies load, not at Import-Module). It holds factories only: no credentials, no "current account".
    /// </summary>
    internal static class ProviderHost
    {
        private static readonly Lazy<ProviderRegistry> LazyRegistry = new Lazy<ProviderRegistry>(ProviderRegistry.WithDefaults);

        public static ProviderRegistry Registry => LazyRegistry.Value;

        public static bool IsImplemented(ProviderType type) => Registry.GetFactory(type)?.IsImplemented == true;

        public static bool SupportsSnapshots(ProviderType type) => Registry.GetFactory(type)?.SupportsSnapshots == true;
    }
}
