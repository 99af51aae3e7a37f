using Spuff.Emulator.Infrastructure;

namespace Spuff.Emulator.DigitalOcean;

/// <summary>DigitalOcean's page-number pagination: <c>page</c> (from 1), <c>per_page</c> (default 20, at most 200),
/// <c>links.pages.{first,prev,next,last}</c> as absolute URLs (only those that apply) and <c>meta.total</c>.</summary>
internal static class DigitalOceanPaging
{
    public const int DefaultPerPage = 20;
    public const int MaxPerPage = 200;

    /// <summary>The list body: <c>{key: [...], links: {pages?}, meta: {total}}</c>.</summary>
    public static Dictionary<string, object> Page<T>(HttpRequest request, string key, IReadOnlyList<T> all)
    {
        var window = PageNumberRequest.Read(request, DefaultPerPage, MaxPerPage, name => DigitalOceanApiException.BadRequest($"{name} must be a positive integer"));
        var page = window.Page;
        var total = all.Count;
        var lastPage = window.LastPage(total);
        var items = window.Slice(all);

        var pages = new Dictionary<string, string>();
        if (page > 1)
        {
            pages["first"] = window.Link(1);
            pages["prev"] = window.Link(Math.Min(page - 1, lastPage));
        }

        if (page < lastPage)
        {
            pages["next"] = window.Link(page + 1);
            pages["last"] = window.Link(lastPage);
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
}
