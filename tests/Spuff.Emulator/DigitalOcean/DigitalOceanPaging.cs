using System.Globalization;
using System.Text;

namespace Spuff.Emulator.DigitalOcean;

/// <summary>DigitalOcean's page-number pagination: <c>page</c> (from 1), <c>per_page</c> (default 20, at most 200),
/// <c>links.pages.{first,prev,next,last}</c> as absolute URLs (only those that apply) and <c>meta.total</c>.</summary>
internal static class DigitalOceanPaging
{
    public const int DefaultPerPage = 20;
    public const int MaxPerPage = 200;

    public static (int Page, int PerPage) Read(HttpRequest request)
    {
        var page = ReadPositive(request, "page", 1);
        var perPage = Math.Min(ReadPositive(request, "per_page", DefaultPerPage), MaxPerPage);
        return (page, perPage);
    }

    /// <summary>The list body: <c>{key: [...], links: {pages?}, meta: {total}}</c>.</summary>
    public static Dictionary<string, object> Page<T>(HttpRequest request, string key, IReadOnlyList<T> all)
    {
        var (page, perPage) = Read(request);
        var total = all.Count;
        var lastPage = Math.Max(1, (total + perPage - 1) / perPage);
        var items = all.Skip((int)Math.Min(int.MaxValue, (long)(page - 1) * perPage)).Take(perPage).ToArray();

        var pages = new Dictionary<string, string>();
        if (page > 1)
        {
            pages["first"] = Link(request, 1, perPage);
            pages["prev"] = Link(request, Math.Min(page - 1, lastPage), perPage);
        }

        if (page < lastPage)
        {
            pages["next"] = Link(request, page + 1, perPage);
            pages["last"] = Link(request, lastPage, perPage);
        }

        var links = new Dictionary<string, object>();
        if (pages.Count > 0) links["pages"] = pages;

        return new Dictionary<string, object>
        {
            [key] = items,
            ["links"] = links,
            ["meta"] = new Dictionary<string, object> { ["total"] = total },
        };
    }

    private static int ReadPositive(HttpRequest request, string name, int fallback)
    {
        var raw = request.Query[name].ToString();
        if (string.IsNullOrEmpty(raw)) return fallback;
        if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
        {
            throw DigitalOceanApiException.BadRequest($"{name} must be a positive integer");
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
