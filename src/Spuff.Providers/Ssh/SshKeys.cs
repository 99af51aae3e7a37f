using System;
using System.Collections.Generic;
using System.IO;
using Renci.SshNet;
using Spuff.Core;

namespace Spuff.Providers.Ssh
{
    /// <summary>
    /// The private keys Spuff offers: -IdentityFile when given (each must load), else the user's default keys
    /// (~/.ssh/id_ed25519, id_ecdsa, id_rsa) that exist and need no passphrase. SSH.NET cannot talk to an SSH
    /// agent, so agent-only keys are not offered (Connect-SpuffInstance uses OpenSSH, which can).
    /// </summary>
    internal static class SshKeys
    {
        public static readonly string[] DefaultNames = { "id_ed25519", "id_ecdsa", "id_rsa" };

        public static IReadOnlyList<string> DefaultPaths()
        {
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            var result = new List<string>();
            foreach (var name in DefaultNames)
            {
                result.Add(Path.Combine(home, ".ssh", name));
            }

            return result;
        }

        public static IReadOnlyList<PrivateKeyFile> Load(IList<string> identityFiles, IProviderLog? log)
        {
            var keys = new List<PrivateKeyFile>();
            if (identityFiles != null && identityFiles.Count > 0)
            {
                foreach (var path in identityFiles)
                {
                    if (!File.Exists(path))
                    {
                        throw ProviderException.InvalidConfig("IdentityFile", $"the key file '{path}' does not exist.");
                    }

                    try
                    {
                        keys.Add(new PrivateKeyFile(path));
                    }
                    catch (Exception e)
                    {
                        throw ProviderException.InvalidConfig("IdentityFile", $"the key file '{path}' cannot be used: {e.Message} " +
                            "Spuff reads unencrypted OpenSSH, PEM and PuTTY keys; for a key with a passphrase use Connect-SpuffInstance (OpenSSH and its agent).");
                    }
                }

                return keys;
            }

            foreach (var path in DefaultPaths())
            {
                if (!File.Exists(path))
                {
                    continue;
                }

                try
                {
                    keys.Add(new PrivateKeyFile(path));
                }
                catch (Exception e)
                {
                    log?.Write(ProviderLogLevel.Debug, $"ssh: skipping {path}: {e.Message}");
                }
            }

            if (keys.Count == 0)
            {
                throw ProviderException.InvalidConfig("IdentityFile", "no usable private key: none of ~/.ssh/" + string.Join(", ~/.ssh/", DefaultNames) +
                    " exists without a passphrase. Pass -IdentityFile with the key whose public half the instance has (-SshKey at create).");
            }

            return keys;
        }
    }
}
