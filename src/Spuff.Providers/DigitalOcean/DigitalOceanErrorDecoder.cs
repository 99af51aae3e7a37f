using System.Text.Json;
using System.Text.RegularExpressions;
using Spuff.Core;
using Spuff.Providers.Http;

namespace Spuff.Providers.DigitalOcean
{
    /// <summary>DigitalOcean's error body: <c>{"id":"unprocessable_entity","message":"…","request_id":"…"}</c>.</summary>
    internal sealed class DigitalOceanErrorDecoder : IErrorDecoder
    {
        // DigitalOcean names the field only in prose ("Name is invalid", "size is not available in this region").
        private static readonly Regex FieldInMessage = new Regex(@"^(?<f>[A-Za-z_]+) (is|are|must|can|cannot|has|have|was|should)\b", RegexOptions.CultureInvariant);

        public ErrorPayload Parse(string body)
        {
            try
            {
                var error = JsonSerializer.Deserialize<DoError>(body, ProviderHttpClient.Json);
                if (error == null)
                {
                    return ErrorPayload.Empty;
                }

                var match = error.Message == null ? null : FieldInMessage.Match(error.Message);
                var fields = match != null && match.Success ? new[] { match.Groups["f"].Value.ToLowerInvariant() } : null;
                return new ErrorPayload(error.Id, error.Message, fields, error.RequestId);
            }
            catch (JsonException)
            {
                return ErrorPayload.Empty;
            }
        }

        public ProviderErrorKind? KindForCode(int status, string? code)
        {
            if (status == 403 && code != null && (code.Contains("limit") || code.Contains("quota")))
            {
                return ProviderErrorKind.QuotaExceeded;
            }

            // DigitalOcean reports droplet and snapshot limits as 422 with this id.
            if (code == "droplet_limit_exceeded" || code == "resource_limit_exceeded")
            {
                return ProviderErrorKind.QuotaExceeded;
            }

            return null;
        }
    }
}
