using System;
using System.Collections.Generic;

namespace Spuff.Core
{
    /// <summary>
    /// How to log in to an instance to run a command (Invoke-SpuffCommand, -UntilCloudInit). Cloud providers use
    /// SSH with these settings; Docker uses the engine's exec API and reads only <see cref="User"/>.
    /// </summary>
    public sealed class RemoteAccess
    {
        /// <summary>The login user; null for <see cref="LoginUser.For"/> (root on DigitalOcean and Hetzner, ubuntu/admin on AWS).</summary>
        public string? User { get; set; }

        /// <summary>The SSH port (1-65535).</summary>
        public int Port { get; set; } = 22;

        /// <summary>Private key files to offer, in order. Empty: the default keys in ~/.ssh (id_ed25519, id_ecdsa, id_rsa).</summary>
        public IList<string> IdentityFiles { get; set; } = new List<string>();

        /// <summary>Spuff's known-hosts file; null for <see cref="KnownHostsLocation.Default"/>.</summary>
        public string? KnownHostsFile { get; set; }

        /// <summary>How long one connection attempt (TCP, key exchange, login) may take.</summary>
        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>How long the command itself may run; null for no limit (Ctrl+C still stops it).</summary>
        public TimeSpan? CommandTimeout { get; set; }

        public RemoteAccess Clone() => new RemoteAccess
        {
            User = User,
            Port = Port,
            IdentityFiles = new List<string>(IdentityFiles),
            KnownHostsFile = KnownHostsFile,
            ConnectTimeout = ConnectTimeout,
            CommandTimeout = CommandTimeout,
        };
    }
}
