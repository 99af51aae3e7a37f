using System.Collections.Generic;
using System.Text.Json;
using Spuff.Core;
using Spuff.Providers.Http;

namespace Spuff.Providers.Hetzner
{
    /// <summary>
    /// Reads Hetzner's <c>{"error":{"code","message","details"}}</c> and gives the codes whose kind the HTTP status
    /// alone does not tell (403 means quota for resource_limit_exceeded but permissions for forbidden).
    /// </summary>
    internal sealed class HetznerErrorDecoder : IErrorDecoder
    {
        public const string ReadOnlyTokenHint =
            "The token is read-only: create a Read & Write token in the Hetzner Console (Security > API Tokens).";

        public static HetznerErrorDecoder Instance { get; } = new HetznerErrorDecoder();

        // Hetzner's request fields (invalid_input details.fields[].name, and the words its messages use).
        private static readonly ParameterVocabulary Parameters = new ParameterVocabulary(new Dictionary<string, string>
        {
            ["name"] = "Name",
            ["description"] = "Name",
            ["server_type"] = "Size",
            ["location"] = "Region",
            ["datacenter"] = "Region",
            ["image"] = "Image",
            ["ssh_keys"] = "SshKey",
            ["ssh key"] = "SshKey",
            ["user_data"] = "UserData",
            ["labels"] = "Label",
            ["label_selector"] = "Label",
        });

        public ErrorPayload Parse(string body)
        {
            if (string.IsNullOrWhiteSpace(body))
            {
                return ErrorPayload.Empty;
            }

            try
            {
                // Read loosely: the shape of "details" depends on the code (fields, limits, announcement).
                using (var document = JsonDocument.Parse(body))
                {
                    if (document.RootElement.ValueKind != JsonValueKind.Object ||
                        !document.RootElement.TryGetProperty("error", out var error) ||
                        error.ValueKind != JsonValueKind.Object)
                    {
                        return ErrorPayload.Empty;
                    }

                    var code = ReadString(error, "code");
                    var message = ReadString(error, "message");
                    var fields = new List<string>();
                    if (error.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object &&
                        details.TryGetProperty("fields", out var list) && list.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var field in list.EnumerateArray())
                        {
                            var name = field.ValueKind == JsonValueKind.Object ? ReadString(field, "name") : null;
                            if (!string.IsNullOrEmpty(name))
                            {
                                fields.Add(name!);
                            }
                        }
                    }

                    return new ErrorPayload(code, Explain(code, message), fields) { Parameter = Parameters.Find(fields, message) };
                }
            }
            catch (JsonException)
            {
                return ErrorPayload.Empty;
            }
        }

        public ProviderErrorKind? KindForCode(int status, string? code)
        {
            switch (code)
            {
                case "unauthorized":
                case "token_readonly":
                case "forbidden":
                    return ProviderErrorKind.Authentication;
                case "resource_limit_exceeded":
                    return ProviderErrorKind.QuotaExceeded;
                case "invalid_input":
                case "uniqueness_error":
                case "json_error":
                case "resource_unavailable":
                    return ProviderErrorKind.InvalidConfig;
                case "not_found":
                    return ProviderErrorKind.NotFound;
                case "rate_limit_exceeded":
                    return ProviderErrorKind.RateLimit;
                case "unsupported_error":
                    return ProviderErrorKind.NotSupported;
                case "maintenance":
                case "service_error":
                case "conflict":
                case "locked":
                case "protected":
                case "deprecated_api_endpoint":
                case "server_error":
                case "unavailable":
                case "timeout":
                    return ProviderErrorKind.Api;
                default:
                    return null;
            }
        }

        // The codes whose bare message leaves the user guessing what to do.
        private static string? Explain(string? code, string? message)
        {
            switch (code)
            {
                case "token_readonly":
                    return Join(message, ReadOnlyTokenHint);
                case "forbidden":
                    return Join(message, "The token lacks the permission for this request; use a Read & Write token of the right project.");
                case "locked":
                    return Join(message, "Another action is still running on this resource; try again when it has finished.");
                default:
                    return message;
            }
        }

        private static string Join(string? message, string hint) =>
            string.IsNullOrWhiteSpace(message) ? hint : message!.Trim().TrimEnd('.') + ". " + hint;

        private static string? ReadString(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
