using System.Collections.Generic;
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

        // "creating this/these droplet(s) will exceed your droplet limit": a quota, although it comes as a 422.
        private static readonly Regex LimitInMessage = new Regex(@"\bexceed(s|ed)?\b[^.]*\blimit\b|\blimit\b[^.]*\bexceeded\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        private static readonly ParameterVocabulary Parameters = new ParameterVocabulary(new Dictionary<string, string>
        {
            ["name"] = "Name",
            ["names"] = "Name",
            ["region"] = "Region",
            ["size"] = "Size",
            ["image"] = "Image",
            ["ssh_keys"] = "SshKey",
            ["ssh key"] = "SshKey",
            ["user_data"] = "UserData",
            ["tags"] = "Label",
            ["tag"] = "Label",
        });

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
                // Only a refused request (422, or 403) speaks of a quota: a 429's "rate limit exceeded" is a rate limit.
                var refused = error.Id == "unprocessable_entity" || error.Id == "forbidden";
                var quota = refused && error.Message != null && LimitInMessage.IsMatch(error.Message);
                return new ErrorPayload(error.Id, error.Message, fields, error.RequestId)
                {
                    Parameter = quota ? null : Parameters.Find(fields, error.Message),
                    Kind = quota ? ProviderErrorKind.QuotaExceeded : (ProviderErrorKind?)null,
                };
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
