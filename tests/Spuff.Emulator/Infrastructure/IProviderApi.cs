namespace Spuff.Emulator.Infrastructure;

/// <summary>
/// One emulated provider API (DigitalOcean under <c>/v2</c>, Hetzner under <c>/v1</c>). The shared middleware
/// logs, delays and faults every request under <see cref="PathPrefix"/> and asks the provider to write errors in
/// its own shape.
/// </summary>
public interface IProviderApi
{
    /// <summary>A short name, e.g. <c>digitalocean</c>.</summary>
    string Name { get; }

    /// <summary>The path every request of this API starts with, e.g. <c>/v2</c>.</summary>
    PathString PathPrefix { get; }

    /// <summary>Adds the provider's middleware (auth, rate limits) and endpoints, including a fallback for
    /// unknown routes under <see cref="PathPrefix"/>.</summary>
    void Map(WebApplication app);

    /// <summary>Writes an error response in the provider's shape, with its usual headers.</summary>
    Task WriteErrorAsync(HttpContext context, int statusCode, string? message, int? retryAfterSeconds);

    /// <summary>Clears the provider's state and reseeds it.</summary>
    void Reset();
}
