using System.Collections.Concurrent;

namespace Spuff.Core.Tests.Aws;

/// <summary>Keeps what a provider logs, to check calls were (or were not) made and that nothing secret is written.</summary>
public sealed class RecordingLog : IProviderLog
{
    private readonly ConcurrentQueue<(ProviderLogLevel Level, string Message)> _lines = new();

    public IReadOnlyList<(ProviderLogLevel Level, string Message)> Lines => _lines.ToArray();

    public IReadOnlyList<string> Calls(string operation) =>
        _lines.Where(l => l.Level == ProviderLogLevel.Verbose && l.Message.Contains(" " + operation + " ", StringComparison.Ordinal)).Select(l => l.Message).ToArray();

    public bool AnyCall => _lines.Any(l => l.Message.Contains(" -> ", StringComparison.Ordinal));

    public void Write(ProviderLogLevel level, string message) => _lines.Enqueue((level, message));
}
