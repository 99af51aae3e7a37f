using Spuff.Emulator.Infrastructure;

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
        var window = PageNumberRequest.Read(context.Request, DefaultPerPage, MaxPerPage, name => HetznerApiException.InvalidInput(name, "must be a positive integer"));
        var page = window.Page;
        var perPage = window.PerPage;
        var total = all.Count;
        var lastPage = window.LastPage(total);
        var items = window.Slice(all);
        int? previous = page > 1 ? Math.Min(page - 1, lastPage) : null;
        int? next = page < lastPage ? page + 1 : null;

        var links = new List<string>();
        if (previous is { } p) links.Add($"<{window.Link(p)}>; rel=\"prev\"");
        if (next is { } n) links.Add($"<{window.Link(n)}>; rel=\"next\"");
        links.Add($"<{window.Link(lastPage)}>; rel=\"last\"");
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
}
