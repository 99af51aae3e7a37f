using System;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Spuff.Providers.Http
{
    /// <summary>
    /// Reads a successful response body as JSON straight from its (buffered) stream, so a page never becomes one large
    /// string: a 150 KB Hetzner page read as text is a 300 KB string on the large object heap, collected only with
    /// gen 2, and a listing of 1,000 pages grew the process by tens of MiB that way.
    /// </summary>
    internal static class ResponseJson
    {
        /// <summary>
        /// The body deserialized as <typeparamref name="T"/>. Charsets as <see cref="ResponseText"/> reads them: none,
        /// UTF-8 or one .NET does not know are read as UTF-8 (with or without a UTF-8 BOM); a body in another known
        /// charset, or starting with a UTF-16/UTF-32 BOM, is decoded to text first, exactly as before.
        /// Throws <see cref="JsonException"/> for an empty or malformed body, with the text path's message.
        /// </summary>
        public static async Task<T?> ReadAsync<T>(HttpContent? content, JsonSerializerOptions options, CancellationToken cancellationToken)
        {
            if (content == null || !IsUtf8(content))
            {
                return JsonSerializer.Deserialize<T>(await ResponseText.ReadAsync(content).ConfigureAwait(false), options);
            }

            var stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
            if (stream.CanSeek && await StartsWithWideBomAsync(stream).ConfigureAwait(false))
            {
                return JsonSerializer.Deserialize<T>(await ResponseText.ReadAsync(content).ConfigureAwait(false), options);
            }

            try
            {
                return await JsonSerializer.DeserializeAsync<T>(stream, options, cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException) when (stream.CanSeek)
            {
                // Rare: read it again as text, so a body the text path accepted (invalid UTF-8 inside a string becomes
                // U+FFFD there) still reads, and a malformed one fails with exactly the message it always had.
                return JsonSerializer.Deserialize<T>(await ResponseText.ReadAsync(content).ConfigureAwait(false), options);
            }
        }

        private static bool IsUtf8(HttpContent content)
        {
            var charset = content.Headers.ContentType?.CharSet;
            if (string.IsNullOrWhiteSpace(charset))
            {
                return true;
            }

            charset = charset!.Trim().Trim('"');
            try
            {
                return Encoding.GetEncoding(charset).CodePage == Encoding.UTF8.CodePage;
            }
            catch (ArgumentException)
            {
                return true;   // unknown charset: read as UTF-8, as ResponseText does
            }
        }

        // Without a charset, ReadAsStringAsync honours a UTF-16/UTF-32 byte order mark; keep that (rare) case on the text path.
        private static async Task<bool> StartsWithWideBomAsync(Stream stream)
        {
            var start = stream.Position;
            var head = new byte[4];
            var read = 0;
            int n;
            while (read < head.Length && (n = await stream.ReadAsync(head, read, head.Length - read).ConfigureAwait(false)) > 0)
            {
                read += n;
            }

            stream.Seek(start, SeekOrigin.Begin);
            return (read >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF))) ||
                   (read >= 4 && head[0] == 0 && head[1] == 0 && head[2] == 0xFE && head[3] == 0xFF);
        }
    }
}
