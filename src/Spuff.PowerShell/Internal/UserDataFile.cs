using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using Spuff.Core;

namespace Spuff.PowerShell.Internal
{
    /// <summary>
    /// Reads -UserDataPath safely: only a regular file (never a device such as /dev/zero, which would fill memory,
    /// nor a FIFO, whose open blocks without end and ignores Ctrl+C), only up to the provider's user-data limit,
    /// and only valid text. Every refusal is InvalidConfig naming -UserDataPath, before any request.
    /// </summary>
    internal static class UserDataFile
    {
        private const string Parameter = "UserDataPath";

        // st_mode file-type bits (POSIX; the same on Linux and macOS).
        private const int TypeMask = 0xF000;
        private const int RegularFile = 0x8000;
        private const int Directory = 0x4000;

        public static string Read(string path, ProviderType provider)
        {
            var limit = provider.GetMaxUserDataBytes();
            if (System.IO.Directory.Exists(path))
            {
                throw ProviderException.InvalidConfig(Parameter, $"'{path}' is a directory, not a file.");
            }

            if (!File.Exists(path))
            {
                throw ProviderException.InvalidConfig(Parameter, $"the file '{path}' does not exist.");
            }

            var kind = FileKind(path);
            if (kind != null)
            {
                throw ProviderException.InvalidConfig(Parameter, $"'{path}' is {kind}, not a regular file; pass a file that holds the user data.");
            }

            var length = new FileInfo(path).Length;
            if (length > limit)
            {
                throw TooBig(path, length, limit, provider);
            }

            // Read at most one byte more than allowed, so a file that grows meanwhile cannot fill memory either.
            var buffer = new byte[limit + 1];
            int read;
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096, FileOptions.SequentialScan))
            {
                read = 0;
                int chunk;
                while (read < buffer.Length && (chunk = stream.Read(buffer, read, buffer.Length - read)) > 0)
                {
                    read += chunk;
                }
            }

            if (read > limit)
            {
                throw TooBig(path, read, limit, provider);
            }

            try
            {
                var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(buffer, 0, read);
                return text.Length > 0 && text[0] == '\uFEFF' ? text.Substring(1) : text;
            }
            catch (DecoderFallbackException)
            {
                throw ProviderException.InvalidConfig(Parameter, $"'{path}' is not UTF-8 text; user data is a script or cloud-config.");
            }
        }

        private static ProviderException TooBig(string path, long bytes, int limit, ProviderType provider) =>
            ProviderException.InvalidConfig(Parameter, $"'{path}' holds at least {bytes} bytes; {provider.GetName()} accepts at most {limit} bytes of user data.");

        /// <summary>What the path is when it is not a regular file ("a device", "a FIFO"); null for a regular file
        /// or when the platform cannot tell.</summary>
        private static string? FileKind(string path)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                // \\.\ names devices and pipes; everything else File.Exists accepts is a file.
                return path.StartsWith(@"\\.\", StringComparison.Ordinal) || path.StartsWith(@"\\?\pipe", StringComparison.OrdinalIgnoreCase)
                    ? "a device or pipe"
                    : null;
            }

            var mode = StatMode(path);
            if (mode == null)
            {
                return null;
            }

            switch (mode.Value & TypeMask)
            {
                case RegularFile: return null;
                case Directory: return "a directory";
                case 0x1000: return "a FIFO (named pipe)";
                case 0x2000: return "a character device";
                case 0x6000: return "a block device";
                case 0xC000: return "a socket";
                default: return "not a regular file";
            }
        }

        /// <summary>st_mode of the file a path leads to (links followed), from the .NET runtime's own native shim
        /// (the same call File and FileInfo use); null when it is not there (Windows PowerShell, unusual hosts).</summary>
        private static int? StatMode(string path)
        {
            try
            {
                // SystemNative_Stat fills a FileStatus whose first two int32 fields are Flags and Mode; the buffer
                // is far larger than the struct on every platform.
                var status = new byte[512];
                return NativeMethods.SystemNative_Stat(path, status) == 0 ? BitConverter.ToInt32(status, 4) : (int?)null;
            }
            catch (Exception error) when (error is DllNotFoundException || error is EntryPointNotFoundException || error is BadImageFormatException)
            {
                return null;
            }
        }

        private static class NativeMethods
        {
            [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat")]
            private static extern int Stat(byte[] utf8Path, byte[] status);

            /// <summary>The path as NUL-terminated UTF-8, as the shim takes it.</summary>
            public static int SystemNative_Stat(string path, byte[] status)
            {
                var bytes = Encoding.UTF8.GetBytes(path + "\0");
                return Stat(bytes, status);
            }
        }
    }
}
