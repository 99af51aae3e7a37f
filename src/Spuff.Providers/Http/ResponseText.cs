using System;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;

namespace Spuff.Providers.Http
{
    /// <summary>Reads a response body as text for the JSON readers and the error decoders.</summary>
    internal static class ResponseText
    {
        /// <summary>
        /// The body in its declared charset, or as UTF-8 (what JSON is, RFC 8259) when the charset is one .NET does not
        /// know: ReadAsStringAsync throws InvalidOperationException for those, which no caller expects.
        /// </summary>
        public static async Task<string> ReadAsync(HttpContent? content)
        {
            if (content == null)
            {
                return string.Empty;
            }

            try
            {
                return await content.ReadAsStringAsync().ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                var bytes = await content.ReadAsByteArrayAsync().ConfigureAwait(false);
                return Encoding.UTF8.GetString(bytes);
            }
        }
    }
}
