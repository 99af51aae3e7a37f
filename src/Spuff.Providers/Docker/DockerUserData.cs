using System;
using System.IO;
using System.Text;

namespace Spuff.Providers.Docker
{
    /// <summary>
    /// How a container stays alive and runs its user data once. The script is copied to
    /// <see cref="ScriptPath"/> with a "pending" marker before the container starts; the container's command starts
    /// it in the background (output in <see cref="LogPath"/>) and removes the marker, so a restart or a snapshot
    /// does not run it again.
    /// </summary>
    internal static class DockerUserData
    {
        public const string ScriptPath = "/var/lib/spuff/user-data";
        public const string PendingPath = "/var/lib/spuff/user-data.pending";
        public const string LogPath = "/var/log/spuff-user-data.log";

        /// <summary>Written with the script's exit status when it ends: what -UntilCloudInit waits for on Docker.</summary>
        public const string ExitPath = "/var/lib/spuff/user-data.exit";

        /// <summary>
        /// The container's whole life: run pending user data, then sleep until told to stop. The trap makes
        /// <c>docker stop</c> return at once instead of waiting out the timeout.
        /// </summary>
        public const string KeepAliveScript =
            "if [ -f " + PendingPath + " ]; then rm -f " + PendingPath + "; mkdir -p /var/log; " +
            "(" + ScriptPath + " >" + LogPath + " 2>&1 </dev/null; echo $? >" + ExitPath + ") & fi; " +
            "trap 'exit 0' TERM INT; while :; do sleep 3600 & wait $!; done";

        public static readonly string[] Entrypoint = { "/bin/sh", "-c", KeepAliveScript };

        /// <summary>A tar archive, to extract at "/", holding the script (0755) and the pending marker.</summary>
        public static MemoryStream BuildArchive(byte[] script, DateTimeOffset now)
        {
            var stream = new MemoryStream();
            var mtime = now.ToUnixTimeSeconds();
            // Only Spuff's own directory: an entry for var/ would reset the image's /var mode. The engine makes
            // missing parents itself.
            WriteDirectory(stream, "var/lib/spuff/", mtime);
            WriteFile(stream, ScriptPath.TrimStart('/'), script, Convert.ToInt32("755", 8), mtime);
            WriteFile(stream, PendingPath.TrimStart('/'), Array.Empty<byte>(), Convert.ToInt32("644", 8), mtime);
            stream.Write(new byte[1024], 0, 1024);
            stream.Position = 0;
            return stream;
        }

        private static void WriteDirectory(Stream stream, string name, long mtime) =>
            WriteHeader(stream, name, 0, Convert.ToInt32("755", 8), mtime, (byte)'5');

        private static void WriteFile(Stream stream, string name, byte[] content, int mode, long mtime)
        {
            WriteHeader(stream, name, content.Length, mode, mtime, (byte)'0');
            stream.Write(content, 0, content.Length);
            var padding = (512 - (content.Length % 512)) % 512;
            stream.Write(new byte[padding], 0, padding);
        }

        // A ustar header: fixed fields, octal numbers, the checksum computed over the header with the checksum
        // field read as spaces. Names here are short and ASCII, so no long-name extensions are needed.
        private static void WriteHeader(Stream stream, string name, long size, int mode, long mtime, byte type)
        {
            var header = new byte[512];
            Put(header, 0, 100, name);
            Put(header, 100, 8, Octal(mode, 7));
            Put(header, 108, 8, Octal(0, 7));
            Put(header, 116, 8, Octal(0, 7));
            Put(header, 124, 12, Octal(size, 11));
            Put(header, 136, 12, Octal(mtime, 11));
            for (var i = 148; i < 156; i++)
            {
                header[i] = (byte)' ';
            }

            header[156] = type;
            Put(header, 257, 6, "ustar");
            Put(header, 263, 2, "00");
            Put(header, 265, 32, "root");
            Put(header, 297, 32, "root");
            var checksum = 0;
            foreach (var b in header)
            {
                checksum += b;
            }

            Put(header, 148, 8, Octal(checksum, 6) + "\0 ");
            stream.Write(header, 0, header.Length);
        }

        private static string Octal(long value, int digits) => Convert.ToString(value, 8).PadLeft(digits, '0');

        private static void Put(byte[] header, int offset, int length, string value)
        {
            var bytes = Encoding.ASCII.GetBytes(value);
            Array.Copy(bytes, 0, header, offset, Math.Min(length, bytes.Length));
        }
    }
}
