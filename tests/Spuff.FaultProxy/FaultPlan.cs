namespace Spuff.FaultProxy;

/// <summary>Draws the fault for each request from one seeded sequence, in arrival order, and keeps the log.</summary>
public sealed class FaultPlan
{
    private readonly object _gate = new();
    private readonly List<FaultLogEntry> _log = new();
    private Random _random;
    private ProxySettings _settings;
    private long _sequence;

    public FaultPlan(ProxySettings settings)
    {
        _settings = settings;
        _random = new Random(settings.Seed);
    }

    public ProxySettings Settings
    {
        get { lock (_gate) return _settings; }
    }

    /// <summary>Replaces the settings and restarts the sequence from the (new) seed, clearing the log.</summary>
    public void Configure(ProxySettings settings)
    {
        lock (_gate)
        {
            _settings = settings;
            _random = new Random(settings.Seed);
            _sequence = 0;
            _log.Clear();
        }
    }

    public (long Sequence, FaultKind Fault) Next()
    {
        lock (_gate)
        {
            var sequence = ++_sequence;
            if (!_settings.Enabled)
            {
                return (sequence, FaultKind.None);
            }

            // Two draws per request whatever the outcome, so one decision never shifts the ones after it.
            var roll = _random.NextDouble();
            var pick = _random.Next(int.MaxValue);
            if (roll >= _settings.Rate)
            {
                return (sequence, FaultKind.None);
            }

            var kinds = _settings.EffectiveKinds();
            return (sequence, kinds.Length == 0 ? FaultKind.None : kinds[pick % kinds.Length]);
        }
    }

    public void Record(FaultLogEntry entry)
    {
        lock (_gate) _log.Add(entry);
    }

    public List<FaultLogEntry> Log()
    {
        lock (_gate) return _log.OrderBy(e => e.Sequence).ToList();
    }
}
