namespace Spuff.Emulator.Infrastructure;

/// <summary>Every provider API request (not the control endpoints), in the order they finished. Thread-safe.</summary>
public sealed class RequestLog
{
    private readonly object _gate = new();
    private readonly List<RequestLogEntry> _entries = new();

    /// <summary>A copy of the entries so far.</summary>
    public IReadOnlyList<RequestLogEntry> Entries
    {
        get
        {
            lock (_gate) return _entries.ToArray();
        }
    }

    /// <summary>How many requests match a method (null: any) and a path prefix.</summary>
    public int Count(string? method, string pathPrefix)
    {
        lock (_gate)
        {
            return _entries.Count(e =>
                (method is null || string.Equals(e.Method, method, StringComparison.OrdinalIgnoreCase))
                && e.Path.StartsWith(pathPrefix, StringComparison.Ordinal));
        }
    }

    /// <summary>Forgets every entry.</summary>
    public void Clear()
    {
        lock (_gate) _entries.Clear();
    }

    internal void Add(RequestLogEntry entry)
    {
        lock (_gate) _entries.Add(entry);
    }
}
