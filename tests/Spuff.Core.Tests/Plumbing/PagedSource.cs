using Spuff.Providers.Paging;

namespace Spuff.Core.Tests.Plumbing;

/// <summary>
/// A page-numbered list as Hetzner and DigitalOcean serve it: page N of size P is the slice at (N-1)·P of the list as
/// it is when the request is answered, with the total and last page of that moment. Items can be deleted and added
/// while a listing reads it; a hook can hold or change any request. Counts requests and the most in flight at once.
/// </summary>
internal sealed class PagedSource
{
    private readonly object _gate = new();
    private readonly List<string> _items;
    private int _inFlight;

    public PagedSource(int count, int perPage)
    {
        _items = Enumerable.Range(1, count).Select(i => "i" + i.ToString("D5")).ToList();
        PerPage = perPage;
    }

    public int PerPage { get; }

    public int Requests { get; private set; }

    public int MaxInFlight { get; private set; }

    public List<int> RequestedPages { get; } = new();

    /// <summary>Runs before a request is answered, with the page number; may await (to hold it) or change the list.</summary>
    public Func<int, CancellationToken, Task>? BeforeAnswer { get; set; }

    /// <summary>Replaces the answer for a page (return null to answer normally).</summary>
    public Func<int, NumberedPage<string>?>? Override { get; set; }

    public IReadOnlyList<string> Items
    {
        get { lock (_gate) return _items.ToList(); }
    }

    public bool Delete(string id)
    {
        lock (_gate) return _items.Remove(id);
    }

    public void Add(string id)
    {
        lock (_gate) _items.Add(id);
    }

    public NumberedListing<string> Listing() => new("test GET /things", PerPage, FetchAsync, id => id);

    private async Task<NumberedPage<string>> FetchAsync(int page, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Requests++;
            RequestedPages.Add(page);
            _inFlight++;
            MaxInFlight = Math.Max(MaxInFlight, _inFlight);
        }

        try
        {
            await Task.Yield();
            if (BeforeAnswer != null) await BeforeAnswer(page, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            if (Override?.Invoke(page) is { } replaced) return replaced;
            lock (_gate)
            {
                var total = _items.Count;
                var last = Math.Max(1, (total + PerPage - 1) / PerPage);
                var slice = _items.Skip((page - 1) * PerPage).Take(PerPage).ToList();
                return new NumberedPage<string>(slice, total, last, PerPage, page < last ? page + 1 : null);
            }
        }
        finally
        {
            lock (_gate) _inFlight--;
        }
    }
}
