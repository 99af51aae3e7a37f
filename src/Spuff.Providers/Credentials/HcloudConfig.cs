using System;
using System.Collections.Generic;
using Spuff.Core;

namespace Spuff.Providers.Credentials
{
    /// <summary>
    /// The token of the hcloud CLI's active context: <c>active_context</c> (or $HCLOUD_CONTEXT) names one of
    /// <c>[[contexts]]</c>, whose <c>token</c> is used. This is what <c>hcloud</c> itself would use.
    /// </summary>
    internal static class HcloudConfig
    {
        public static FoundCredential Find(CredentialEnvironment environment)
        {
            var path = CliConfigPaths.Hcloud(environment);
            var text = CredentialEnvironment.ReadText(path);
            if (path == null || text == null)
            {
                return None(null);
            }

            var shown = CliConfigPaths.Display(path, environment);
            Dictionary<string, object> document;
            try
            {
                document = MiniToml.Parse(text);
            }
            catch (FormatException error)
            {
                return None($"the hcloud CLI config {shown} could not be read ({error.Message}).");
            }

            var fromVariable = environment.NonEmpty("HCLOUD_CONTEXT");
            var name = fromVariable ?? (document.TryGetValue("active_context", out var active) ? active as string : null);
            if (string.IsNullOrEmpty(name))
            {
                return None($"the hcloud CLI config {shown} has no active context.");
            }

            if (document.TryGetValue("contexts", out var contexts) && contexts is List<object> list)
            {
                foreach (var item in list)
                {
                    if (item is Dictionary<string, object> context &&
                        context.TryGetValue("name", out var contextName) && string.Equals(contextName as string, name, StringComparison.Ordinal))
                    {
                        var token = context.TryGetValue("token", out var value) ? value as string : null;
                        if (string.IsNullOrWhiteSpace(token))
                        {
                            return None($"the hcloud CLI context '{name}' in {shown} has no token.");
                        }

                        var via = fromVariable != null ? "$env:HCLOUD_CONTEXT, " : string.Empty;
                        return new FoundCredential(ProviderType.Hetzner, $"hcloud CLI context '{name}' ({via}{shown})", token!.Trim());
                    }
                }
            }

            return None($"the hcloud CLI context '{name}' is not in {shown}.");
        }

        private static FoundCredential None(string? note) => new FoundCredential(ProviderType.Hetzner, null, note: note);
    }
}
