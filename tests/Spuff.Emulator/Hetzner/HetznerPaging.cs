using System.Globalization;
using System.Text;

namespace Spuff.Emulator.Hetzner;

/// <summary>
/// Hetzner's page-number pagination: <c>page</c> (from 1), <c>per_page</c> (default 25, at most 50),
/// <c>meta.pagination.{page,per_page,previous_page,next_page,last_page,total_entries}</c> and a <c>Link</c>
/// header with the prev/next/last pages that apply.
/// </summary>
internal static class HetznerPaging
{
    public const int DefaultPerPage = 25;
    public const int MaxPerPage = 50;

    public static Dictionary<string, object?> Page<T>(HttpContext context, string key, IReadOnlyList<T> all)
    {
        var request = context.Request;
        var page = ReadPositive(request, "page", 1);
        var perPage = Math.Min(ReadPositive(request, "per_page", DefaultPerPage), MaxPerPage);
        var total = all.Count;
        var lastPage = Math.Max(1, (total + perPage - 1) / perPage);
        var items = all.Skip((int)Math.Min(int.MaxValue, (long)(page - 1) * perPage)).Take(perPage).ToArray();
        int? previous = page > 1 ? Math.Min(page - 1, lastPage) : null;
        int? next = page < lastPage ? page + 1 : null;

        var links = new List<string>();
        if (previous is { } p) links.Add($"<{Link(request, p, perPage)}>; rel=\"prev\"");
        if (next is { } n) links.Add($"<{Link(request, n, perPage)}>; rel=\"next\"");
        links.Add($"<{Link(request, lastPage, perPage)}>; rel=\"last\"");
        context.Response.Headers["Link"] = string.Join(", ", links);

        return new Dictionary<string, object?>
        {
            [key] = items,
            ["meta"] = new Dictionary<string, object?>
            {
                ["pagination"] = new Dictionary<string, object?>
                {
                    ["page"] = page,
                    ["per_page"] = perPage,
                    ["previous_page"] = previous,
                    ["next_page"] = next,
                    ["last_page"] = lastPage,
                    ["total_entries"] = total,
                },
            },
        };
    }

    private static int ReadPositive(HttpRequest request, string name, int fallback)
    {
        var raw = request.Query[name].ToString();
        if (string.IsNullOrEmpty(raw)) return fallback;
        if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
        {
            throw HetznerApiException.InvalidInput(name, "must be a positive integer");
        }

        return value;
    }

    private static string Link(HttpRequest request, int page, int perPage)
    {
        var sb = new StringBuilder();
        sb.Append(request.Scheme).Append("://").Append(request.Host.Value).Append(request.PathBase.Value).Append(request.Path.Value);
        sb.Append("?page=").Append(page.ToString(CultureInfo.InvariantCulture));
        sb.Append("&per_page=").Append(perPage.ToString(CultureInfo.InvariantCulture));
        foreach (var (name, values) in request.Query)
        {
            if (name is "page" or "per_page") continue;
            foreach (var value in values)
            {
                sb.Append('&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value ?? string.Empty));
            }
        }

        return sb.ToString();
    }
}
