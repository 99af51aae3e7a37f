namespace Spuff.FaultProxy;

/// <summary>What the proxy does to one request. "Before" faults never reach the upstream; "after" faults let the
/// upstream act and then lose or replace its answer: the provider acted, the client never heard.</summary>
public enum FaultKind
{
    None,

    /// <summary>429 with retry-after: 1, in the provider's error shape; not forwarded.</summary>
    Throttle,

    /// <summary>503 in the provider's error shape; not forwarded.</summary>
    UnavailableBefore,

    /// <summary>Forwarded; the upstream's answer is replaced by a 503.</summary>
    UnavailableAfter,

    /// <summary>Forwarded; the connection is then reset without an answer.</summary>
    ResetAfter,

    /// <summary>Forwarded; the answer is held back for the stall time (beyond the client's HTTP timeout), then sent.</summary>
    StallAfter,
}
