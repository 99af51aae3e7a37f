using System.Globalization;
using System.Text;

namespace Spuff.Emulator.Infrastructure;

/// <summary>
/// The page-number pagination DigitalOcean and Hetzner share: <c>page</c> (from 1) and <c>per_page</c> (capped), the
/// slice of a list they select, and absolute links to other pages that keep the rest of the query. Each API renders
/// the result its own way (and reports a bad parameter with its own error).
/// </summary>
internal sealed class PageNumberRequest
{
    private readonly HttpRequest _request;

    private PageNumberRequest(HttpRequest request, int page, int perPage)
    {
        _request = request;
        Page = page;
        PerPage = perPage;
    }

    public int Page { get; }

    public int PerPage { get; }

    /// <param name="invalid">Makes the API's error for a parameter (its name) that is not a positive integer.</param>
    public static PageNumberRequest Read(HttpRequest request, int defaultPerPage, int maxPerPage, Func<string, Exception> invalid)
    {
        var page = ReadPositive(request, "page", 1, invalid);
        var perPage = Math.Min(ReadPositive(request, "per_page", defaultPerPage, invalid), maxPerPage);
        return new PageNumberRequest(request, page, perPage);
    }

    public int LastPage(int total) => Math.Max(1, (total + PerPage - 1) / PerPage);

    /// <summary>The items of this page, read by index: only those are touched (see <see cref="ProjectedList{TSource,TResult}"/>).</summary>
    public T[] Slice<T>(IReadOnlyList<T> all)
    {
        var start = Math.Min(all.Count, (long)(Page - 1) * PerPage);
        var count = (int)Math.Min(PerPage, all.Count - start);
        var items = new T[count];
        for (var i = 0; i < count; i++) items[i] = all[(int)start + i];
        return items;
    }

    public string Link(int page)
    {
        var sb = new StringBuilder();
        sb.Append(_request.Scheme).Append("://").Append(_request.Host.Value).Append(_request.PathBase.Value).Append(_request.Path.Value);
        sb.Append("?page=").Append(page.ToString(CultureInfo.InvariantCulture));
        sb.Append("&per_page=").Append(PerPage.ToString(CultureInfo.InvariantCulture));
        foreach (var (name, values) in _request.Query)
        {
            if (name is "page" or "per_page") continue;
            foreach (var value in values)
            {
                sb.Append('&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value ?? string.Empty));
            }
        }

        return sb.ToString();
    }

    private static int ReadPositive(HttpRequest request, string name, int fallback, Func<string, Exception> invalid)
    {
        var raw = request.Query[name].ToString();
        if (string.IsNullOrEmpty(raw)) return fallback;
        if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1) throw invalid(name);
        return value;
    }
}
