using System.Collections.Concurrent;
using Spuff.Core;

namespace Spuff.Core.Tests.Support;

/// <summary>Collects what a provider logs, so tests can read it and check nothing secret is in it.</summary>
public sealed class CapturingLog : IProviderLog
{
    private readonly ConcurrentQueue<(ProviderLogLevel Level, string Message)> _lines = new();

    public IReadOnlyList<(ProviderLogLevel Level, string Message)> Lines => _lines.ToArray();

    public string All => string.Join("\n", _lines.Select(l => $"{l.Level}: {l.Message}"));

    public void Write(ProviderLogLevel level, string message) => _lines.Enqueue((level, message));
}
