using System.Collections.Concurrent;

namespace Spuff.Core.Tests.Support;

/// <summary>A primary handler that remembers every response's method, path and headers.</summary>
public sealed class RecordingHandler : DelegatingHandler
{
    public RecordingHandler()
        : base(new HttpClientHandler())
    {
    }

    public ConcurrentQueue<(string Method, string Path, int Status, string? Violations)> Exchanges { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var violations = response.Headers.TryGetValues("sl-violations", out var values) ? string.Join(" ", values) : null;
        Exchanges.Enqueue((request.Method.Method, request.RequestUri!.PathAndQuery, (int)response.StatusCode, violations));
        return response;
    }
}
