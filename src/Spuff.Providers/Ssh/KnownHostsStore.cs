using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Spuff.Core;

namespace Spuff.Providers.Ssh
{
    /// <summary>
    /// Spuff's own known-hosts file: trust on first use, then strict. Each line is OpenSSH known_hosts syntax
    /// under a host-key alias <c>spuff:&lt;provider&gt;:&lt;instance id&gt;@&lt;address&gt;:&lt;port&gt;</c>, so ssh
    /// reads it with <c>-o HostKeyAlias=… -o UserKnownHostsFile=…</c> and a recycled cloud address never meets
    /// another machine's key. The user's ~/.ssh/known_hosts is never touched.
    /// </summary>
    public sealed class KnownHostsStore
    {
        // One writer at a time inside this process; the file is replaced atomically, so readers never see half a file.
        private static readonly object Gate = new object();

        public KnownHostsStore(string? path = null)
        {
            Path = KnownHostsLocation.Resolve(path);
        }

        public string Path { get; }

        /// <summary>The alias one instance's address is known under (what ssh's HostKeyAlias is set to).</summary>
        public static string Alias(string provider, string instanceId, string address, int port) =>
            $"spuff:{provider}:{instanceId}@{address}:{port}".ToLowerInvariant();

        /// <summary>
        /// Checks a host key offered by an instance. Unknown alias: the key is learnt (written) and Learnt returned.
        /// The same key: Known. Another key: Changed, and nothing is written.
        /// </summary>
        public HostKeyVerdict Verify(string alias, string keyType, byte[] key)
        {
            // known_hosts names the key's type (ssh-rsa), not the signature algorithm (rsa-sha2-512): read it from the blob.
            keyType = BlobType(key) ?? keyType;
            var encoded = Convert.ToBase64String(key);
            lock (Gate)
            {
                var lines = ReadLines();
                var known = lines.Select(Parse).Where(e => e != null && e.Value.Alias == alias).Select(e => e!.Value).ToList();
                if (known.Count > 0)
                {
                    return known.Any(e => e.KeyType == keyType && e.Key == encoded) ? HostKeyVerdict.Known : HostKeyVerdict.Changed;
                }

                lines.Add($"{alias} {keyType} {encoded}");
                WriteLines(lines);
                return HostKeyVerdict.Learnt;
            }
        }

        /// <summary>The key type learnt for an alias (ssh-ed25519, ecdsa-sha2-nistp256, …), or null.</summary>
        public string? KnownKeyType(string alias)
        {
            lock (Gate)
            {
                return ReadLines().Select(Parse).FirstOrDefault(e => e != null && e.Value.Alias == alias)?.KeyType;
            }
        }

        /// <summary>Forgets every key of one instance (all its addresses and ports). Returns how many lines went.</summary>
        public int Forget(string provider, string instanceId)
        {
            var prefix = $"spuff:{provider}:{instanceId}@".ToLowerInvariant();
            lock (Gate)
            {
                if (!File.Exists(Path))
                {
                    return 0;
                }

                var lines = ReadLines();
                var kept = lines.Where(l => !(Parse(l)?.Alias.StartsWith(prefix, StringComparison.Ordinal) ?? false)).ToList();
                if (kept.Count != lines.Count)
                {
                    WriteLines(kept);
                }

                return lines.Count - kept.Count;
            }
        }

        private static string? BlobType(byte[] key)
        {
            if (key == null || key.Length < 4)
            {
                return null;
            }

            var length = (key[0] << 24) | (key[1] << 16) | (key[2] << 8) | key[3];
            return length > 0 && length <= 64 && key.Length >= 4 + length ? Encoding.ASCII.GetString(key, 4, length) : null;
        }

        private List<string> ReadLines()
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    return File.Exists(Path) ? File.ReadAllLines(Path, Encoding.UTF8).ToList() : new List<string>();
                }
                catch (IOException) when (attempt < 5)
                {
                    // Another process is replacing the file this instant.
                    Thread.Sleep(20);
                }
            }
        }

        private void WriteLines(List<string> lines)
        {
            var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            var temp = Path + "." + Guid.NewGuid().ToString("n") + ".tmp";
            File.WriteAllText(temp, lines.Count == 0 ? string.Empty : string.Join("\n", lines) + "\n", new UTF8Encoding(false));
            if (File.Exists(Path))
            {
                File.Replace(temp, Path, null);
            }
            else
            {
                File.Move(temp, Path);
            }
        }

        private static (string Alias, string KeyType, string Key)? Parse(string line)
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                return null;
            }

            var parts = trimmed.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
            return parts.Length >= 3 ? (parts[0].ToLowerInvariant(), parts[1], parts[2]) : ((string, string, string)?)null;
        }
    }
}
