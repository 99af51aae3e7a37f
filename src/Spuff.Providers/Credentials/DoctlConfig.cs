using System;
using System.Collections.Generic;
using Spuff.Core;

namespace Spuff.Providers.Credentials
{
    /// <summary>
    /// The token doctl would use: its context ($DIGITALOCEAN_CONTEXT, else <c>context</c> in config.yaml, else
    /// "default"); the default context's token is <c>access-token</c>, any other's is <c>auth-contexts[name]</c>.
    /// ($DIGITALOCEAN_ACCESS_TOKEN, doctl's variable, is read before any file, with the other variables.)
    /// </summary>
    internal static class DoctlConfig
    {
        private const string DefaultContext = "default";

        public static FoundCredential Find(CredentialEnvironment environment)
        {
            var path = CliConfigPaths.Doctl(environment);
            var text = CredentialEnvironment.ReadText(path);
            if (path == null || text == null)
            {
                return None(null);
            }

            var shown = CliConfigPaths.Display(path, environment);
            Dictionary<string, object?> document;
            try
            {
                document = MiniYaml.Parse(text);
            }
            catch (FormatException error)
            {
                return None($"the doctl config {shown} could not be read ({error.Message}).");
            }

            var fromVariable = environment.NonEmpty("DIGITALOCEAN_CONTEXT");
            var context = fromVariable ?? (document.TryGetValue("context", out var named) ? (named as string)?.Trim() : null);
            if (string.IsNullOrEmpty(context))
            {
                context = DefaultContext;
            }

            string? token;
            if (context == DefaultContext)
            {
                token = document.TryGetValue("access-token", out var value) ? value as string : null;
            }
            else
            {
                token = document.TryGetValue("auth-contexts", out var contexts) && contexts is Dictionary<string, object?> map &&
                    map.TryGetValue(context!, out var value) ? value as string : null;
            }

            if (string.IsNullOrWhiteSpace(token))
            {
                return None($"the doctl context '{context}' in {shown} has no access token.");
            }

            var via = fromVariable != null ? "$env:DIGITALOCEAN_CONTEXT, " : string.Empty;
            var source = context == DefaultContext && fromVariable == null
                ? $"doctl config ({shown})"
                : $"doctl context '{context}' ({via}{shown})";
            return new FoundCredential(ProviderType.DigitalOcean, source, token!.Trim());
        }

        private static FoundCredential None(string? note) => new FoundCredential(ProviderType.DigitalOcean, null, note: note);
    }
}
