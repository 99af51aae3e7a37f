using System.Collections;

namespace Spuff.Emulator.Infrastructure;

/// <summary>
/// A read-only view that renders an item only when it is read. Lists hand one to the pager, which reads just the
/// page it answers, so a page of 50 out of 50,000 servers renders 50 objects, not 50,000.
/// </summary>
internal sealed class ProjectedList<TSource, TResult> : IReadOnlyList<TResult>
{
    private readonly IReadOnlyList<TSource> _source;
    private readonly Func<TSource, TResult> _project;

    public ProjectedList(IReadOnlyList<TSource> source, Func<TSource, TResult> project)
    {
        _source = source;
        _project = project;
    }

    public int Count => _source.Count;

    public TResult this[int index] => _project(_source[index]);

    public IEnumerator<TResult> GetEnumerator()
    {
        for (var i = 0; i < _source.Count; i++) yield return _project(_source[i]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
