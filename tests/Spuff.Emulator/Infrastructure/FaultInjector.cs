namespace Spuff.Emulator.Infrastructure;

/// <summary>The queue of injected faults, thread-safe. Rules are tried in the order they were added.</summary>
public sealed class FaultInjector
{
    private readonly object _gate = new();
    private readonly List<(FaultRule Rule, int Remaining)> _rules = new();

    /// <summary>Adds a fault; throws <see cref="ArgumentException"/> when the rule is invalid.</summary>
    public void Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.Validate() is { } problem) throw new ArgumentException(problem, nameof(rule));
        lock (_gate) _rules.Add((rule, rule.Count));
    }

    /// <summary>Removes every pending fault.</summary>
    public void Clear()
    {
        lock (_gate) _rules.Clear();
    }

    /// <summary>The faults not yet used up, with their remaining counts.</summary>
    public IReadOnlyList<FaultRule> Pending
    {
        get
        {
            lock (_gate) return _rules.Select(r => r.Rule with { Count = r.Remaining }).ToList();
        }
    }

    /// <summary>Takes one use of the first rule that matches, or returns null.</summary>
    internal FaultRule? TryTake(string method, string path)
    {
        lock (_gate)
        {
            for (var i = 0; i < _rules.Count; i++)
            {
                var (rule, remaining) = _rules[i];
                if (!rule.Matches(method, path)) continue;
                if (remaining <= 1) _rules.RemoveAt(i);
                else _rules[i] = (rule, remaining - 1);
                return rule;
            }
        }
        return null;
    }
}
