using System.Collections.Generic;
using Spuff.Core;

namespace Spuff.PowerShell.Internal
{
    /// <summary>Which providers a Get-* call asks: the one named by -Provider, or every implemented provider
    /// with configured credentials (the others are skipped with a -Verbose note). Without -Provider, a provider
    /// that cannot be made for this call (it rejects a parameter) is a non-terminating error; the others answer.</summary>
    internal static class ProviderSelection
    {
        public static IReadOnlyList<IProvider> Select(SpuffCmdlet cmdlet, string? name, string? region, bool snapshots, System.Func<ProviderType, IProvider>? create = null)
        {
            var make = create ?? (t => cmdlet.CreateProviderFor(t, region));
            if (name != null)
            {
                var type = ProviderTypeInfo.Parse(name);
                var provider = make(type);
                if (snapshots && !provider.SupportsSnapshots)
                {
                    throw NotSupported(type);
                }

                return new[] { provider };
            }

            var tokens = cmdlet.TokenArgument;
            if (tokens?.Single != null)
            {
                // One token belongs to one account of one provider: sending it to every provider would hand a
                // DigitalOcean token to Hetzner (and AWS and Docker take none).
                throw ProviderException.InvalidConfig(
                    "Token",
                    "one -Token without -Provider is ambiguous: a token belongs to one provider. Add -Provider digitalocean or -Provider hetzner, " +
                    "or give one token per provider: -Token @{ digitalocean = $doToken; hetzner = $hetznerToken }.");
            }

            var providers = new List<IProvider>();
            var configured = 0;
            foreach (var type in ProviderTypeInfo.All)
            {
                if (!ProviderHost.IsImplemented(type))
                {
                    cmdlet.WriteVerbose($"Skipping {type.GetName()}: not implemented in this version of Spuff.");
                    continue;
                }

                if (snapshots && !ProviderHost.SupportsSnapshots(type))
                {
                    cmdlet.WriteVerbose($"Skipping {type.GetName()}: it has no snapshots.");
                    continue;
                }

                var given = tokens?.For(type) != null || (type == ProviderType.Aws && !string.IsNullOrWhiteSpace(cmdlet.ProfileName));
                if (!given && !Credentials.AreConfigured(type))
                {
                    cmdlet.WriteVerbose($"Skipping {type.GetName()}: no credentials configured ({Credentials.RecommendedAction(type)}).");
                    continue;
                }

                configured++;
                try
                {
                    providers.Add(make(type));
                }
                catch (ProviderException error)
                {
                    // One provider refusing a parameter (Docker and -Region ams3) or its configuration must not
                    // silence the others: that provider gets a non-terminating error and the rest still answer.
                    error.Provider ??= type.GetName();
                    cmdlet.WriteProviderError(error, type.GetName());
                }
            }

            if (configured == 0)
            {
                // An empty answer must not look like "no instances": say why nothing was asked.
                cmdlet.WriteWarning(Credentials.NothingConfiguredMessage);
            }

            return providers;
        }

        public static ProviderException NotSupported(ProviderType type)
        {
            var error = ProviderException.NotSupported($"snapshots on {type.GetName()}");
            error.Provider = type.GetName();
            return error;
        }
    }
}
