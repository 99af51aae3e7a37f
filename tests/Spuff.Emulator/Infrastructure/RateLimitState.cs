namespace Spuff.Emulator.Infrastructure;

/// <summary>The outcome of counting one request against a token's window.</summary>
public readonly record struct RateLimitState(bool Allowed, int Limit, int Remaining, DateTimeOffset Reset);
