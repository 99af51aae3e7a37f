using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Spuff.Emulator.DigitalOcean;

/// <summary>The body of <c>POST /v2/droplets</c>, parsed and checked for everything that needs no state.
/// Every failure names the field it is about.</summary>
internal sealed partial class DropletCreateRequest
{
    public const int MaxUserDataBytes = 64 * 1024;

    public required IReadOnlyList<string> Names { get; init; }
    public required string Region { get; init; }
    public required string Size { get; init; }
    public string? ImageSlug { get; init; }
    public long? ImageId { get; init; }
    public IReadOnlyList<string> SshKeys { get; init; } = Array.Empty<string>();
    public IReadOnlyList<string> Tags { get; init; } = Array.Empty<string>();
    public string? UserData { get; init; }
    public bool Ipv6 { get; init; }
    public bool Monitoring { get; init; }
    public string? VpcUuid { get; init; }
    public bool IsMulti { get; init; }

    [GeneratedRegex(@"^[a-zA-Z0-9]?[a-z0-9A-Z.\-]*[a-z0-9A-Z]$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[a-zA-Z0-9_\-\:]+$")]
    private static partial Regex TagPattern();

    public static bool IsValidTag(string tag) => tag.Length <= 255 && TagPattern().IsMatch(tag);

    public static DropletCreateRequest Parse(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object) throw Invalid("the request body must be a JSON object");

        var names = new List<string>();
        var isMulti = false;
        if (body.TryGetProperty("names", out var namesElement) && namesElement.ValueKind != JsonValueKind.Null)
        {
            isMulti = true;
            if (namesElement.ValueKind != JsonValueKind.Array) throw Invalid("names must be an array of strings");
            foreach (var item in namesElement.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String) throw Invalid("names must be an array of strings");
                names.Add(item.GetString()!);
            }

            if (names.Count is 0 or > 10) throw Invalid("names must hold between 1 and 10 names");
            if (body.TryGetProperty("name", out var both) && both.ValueKind != JsonValueKind.Null)
            {
                throw Invalid("name and names cannot both be given");
            }
        }
        else
        {
            names.Add(RequiredString(body, "name"));
        }

        foreach (var name in names)
        {
            var field = isMulti ? "names" : "name";
            if (name.Length > 255) throw Invalid($"{field} is longer than 255 characters");
            if (!NamePattern().IsMatch(name))
            {
                throw Invalid($"{field} '{name}' is invalid: only valid hostname characters are allowed (a-z, A-Z, 0-9, . and -)");
            }
        }

        var region = RequiredString(body, "region");
        var size = RequiredString(body, "size");

        string? imageSlug = null;
        long? imageId = null;
        if (!body.TryGetProperty("image", out var image) || image.ValueKind == JsonValueKind.Null)
        {
            throw Invalid("image is required");
        }

        switch (image.ValueKind)
        {
            case JsonValueKind.String when !string.IsNullOrWhiteSpace(image.GetString()):
                imageSlug = image.GetString();
                break;
            case JsonValueKind.Number when image.TryGetInt64(out var id):
                imageId = id;
                break;
            default:
                throw Invalid("image must be an image slug or an integer image id");
        }

        var sshKeys = new List<string>();
        if (body.TryGetProperty("ssh_keys", out var keys) && keys.ValueKind != JsonValueKind.Null)
        {
            if (keys.ValueKind != JsonValueKind.Array) throw Invalid("ssh_keys must be an array of key ids or fingerprints");
            foreach (var key in keys.EnumerateArray())
            {
                if (key.ValueKind == JsonValueKind.String) sshKeys.Add(key.GetString()!);
                else if (key.ValueKind == JsonValueKind.Number && key.TryGetInt64(out var keyId)) sshKeys.Add(keyId.ToString(System.Globalization.CultureInfo.InvariantCulture));
                else throw Invalid("ssh_keys must be an array of key ids or fingerprints");
            }
        }

        var tags = new List<string>();
        if (body.TryGetProperty("tags", out var tagsElement) && tagsElement.ValueKind != JsonValueKind.Null)
        {
            if (tagsElement.ValueKind != JsonValueKind.Array) throw Invalid("tags must be an array of strings");
            foreach (var tag in tagsElement.EnumerateArray())
            {
                if (tag.ValueKind != JsonValueKind.String) throw Invalid("tags must be an array of strings");
                var value = tag.GetString()!;
                if (!IsValidTag(value))
                {
                    throw Invalid($"tags: '{value}' is invalid: tags may contain letters, numbers, colons, dashes and underscores (at most 255)");
                }

                if (!tags.Contains(value, StringComparer.Ordinal)) tags.Add(value);
            }
        }

        string? userData = null;
        if (body.TryGetProperty("user_data", out var userDataElement) && userDataElement.ValueKind != JsonValueKind.Null)
        {
            if (userDataElement.ValueKind != JsonValueKind.String) throw Invalid("user_data must be a string");
            userData = userDataElement.GetString()!;
            var bytes = Encoding.UTF8.GetByteCount(userData);
            if (bytes > MaxUserDataBytes) throw Invalid($"user_data is {bytes} bytes; the limit is {MaxUserDataBytes} bytes (64 KiB)");
        }

        return new DropletCreateRequest
        {
            Names = names,
            IsMulti = isMulti,
            Region = region,
            Size = size,
            ImageSlug = imageSlug,
            ImageId = imageId,
            SshKeys = sshKeys,
            Tags = tags,
            UserData = userData,
            Ipv6 = OptionalBool(body, "ipv6"),
            Monitoring = OptionalBool(body, "monitoring"),
            VpcUuid = body.TryGetProperty("vpc_uuid", out var vpc) && vpc.ValueKind == JsonValueKind.String ? vpc.GetString() : null,
        };
    }

    private static string RequiredString(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw Invalid($"{name} is required");
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            throw Invalid($"{name} must be a non-empty string");
        }

        return value.GetString()!;
    }

    private static bool OptionalBool(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return false;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Invalid($"{name} must be a boolean"),
        };
    }

    private static DigitalOceanApiException Invalid(string message) => DigitalOceanApiException.Unprocessable(message);
}
