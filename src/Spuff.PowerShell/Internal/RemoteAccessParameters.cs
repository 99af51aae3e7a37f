using System;
using System.Collections.Generic;
using System.Management.Automation;
using Spuff.Core;

namespace Spuff.PowerShell.Internal
{
    /// <summary>Builds the <see cref="RemoteAccess"/> of a call from -User, -IdentityFile and -SshPort.</summary>
    internal static class RemoteAccessParameters
    {
        public static RemoteAccess Build(PSCmdlet cmdlet, string? user, string[]? identityFiles, int port, TimeSpan connectTimeout, TimeSpan? commandTimeout = null)
        {
            var files = new List<string>();
            foreach (var file in identityFiles ?? Array.Empty<string>())
            {
                if (string.IsNullOrWhiteSpace(file))
                {
                    throw ProviderException.InvalidConfig("IdentityFile", "a key file path is empty.");
                }

                var path = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(file);
                if (!System.IO.File.Exists(path))
                {
                    throw ProviderException.InvalidConfig("IdentityFile", $"the key file '{path}' does not exist.");
                }

                files.Add(path);
            }

            if (user != null && (user.Length == 0 || user.IndexOfAny(new[] { ' ', '@', ':', '\t', '\n' }) >= 0 || user.StartsWith("-", StringComparison.Ordinal)))
            {
                throw ProviderException.InvalidConfig("User", $"'{user}' is not a login user name.");
            }

            return new RemoteAccess
            {
                User = user,
                Port = port,
                IdentityFiles = files,
                ConnectTimeout = connectTimeout,
                CommandTimeout = commandTimeout,
            };
        }
    }
}
