using System.Globalization;
using System.Text.Json;

namespace Spuff.Emulator.DigitalOcean;

/// <summary>JSON settings and time format of the DigitalOcean wire.</summary>
internal static class DigitalOceanJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
    };

    /// <summary>RFC 3339 in UTC with a Z, as DigitalOcean writes it: <c>2020-07-21T18:37:44Z</c>.</summary>
    public static string Time(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
