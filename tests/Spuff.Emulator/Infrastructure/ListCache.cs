namespace Spuff.Emulator.Infrastructure;

/// <summary>
/// The filtered, ordered records of recent list queries, kept until the state changes. A client walking 200 pages
/// of the same query then filters once and slices 200 times, instead of filtering the whole account per page.
/// Not thread-safe: used under its state's lock.
/// </summary>
internal sealed class ListCache<TRecord>
{
    private const int MaxQueries = 32;
    private readonly Dictionary<string, TRecord[]> _lists = new(StringComparer.Ordinal);

    /// <summary>The cached records for a query key, computed when absent.</summary>
    public TRecord[] Get(string key, Func<TRecord[]> compute)
    {
        if (_lists.TryGetValue(key, out var cached)) return cached;
        if (_lists.Count >= MaxQueries) _lists.Clear();
        var computed = compute();
        _lists[key] = computed;
        return computed;
    }

    /// <summary>Forgets every cached list; call on any change that could alter a list's members or order.</summary>
    public void Invalidate() => _lists.Clear();
}
