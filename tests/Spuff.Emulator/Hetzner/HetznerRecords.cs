namespace Spuff.Emulator.Hetzner;

/// <summary>A server of the emulated project. Mutable only under the state's lock.</summary>
internal sealed class HetznerServerRecord
{
    public required long Id { get; init; }
    public required string Name { get; init; }
    public required DateTimeOffset Created { get; init; }
    public required DateTimeOffset ReadyAt { get; init; }
    public required HetznerServerTypeRecord Type { get; init; }
    public required HetznerLocation Location { get; init; }
    public required HetznerImageRecord Image { get; init; }
    public required Dictionary<string, string> Labels { get; init; }
    public string? Ipv4 { get; init; }
    public string? Ipv6 { get; init; }
    public string Status { get; set; } = "initializing";
    public bool StartAfterCreate { get; init; } = true;

    /// <summary>Its create and start actions end <c>error</c> (<c>unknown_error</c>) and it stays <c>off</c> (fault injection).</summary>
    public bool FailsToStart { get; init; }
}

/// <summary>An action (create_server, start_server, create_image, delete_server).</summary>
internal sealed class HetznerActionRecord
{
    public required long Id { get; init; }
    public required string Command { get; init; }
    public required DateTimeOffset Started { get; init; }
    public required DateTimeOffset FinishesAt { get; init; }
    public required IReadOnlyList<(long Id, string Type)> Resources { get; init; }
    public string Status { get; set; } = "running";
    public DateTimeOffset? Finished { get; set; }

    /// <summary>Ends <c>error</c> with <see cref="ErrorCode"/> instead of <c>success</c> (fault injection).</summary>
    public bool WillFail { get; init; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
}

/// <summary>A system image or a snapshot.</summary>
internal sealed class HetznerImageRecord
{
    public required long Id { get; init; }
    public required string Type { get; init; }
    public string? Name { get; init; }
    public required string Description { get; init; }
    public required string OsFlavor { get; init; }
    public string? OsVersion { get; init; }
    public required string Architecture { get; init; }
    public required DateTimeOffset Created { get; init; }
    public required double DiskSize { get; init; }
    public (long Id, string Name)? CreatedFrom { get; init; }
    public Dictionary<string, string> Labels { get; init; } = new(StringComparer.Ordinal);
    public string Status { get; set; } = "available";
    public double? ImageSize { get; set; }
    public bool Deleted { get; set; }
}

/// <summary>An SSH key of the project.</summary>
internal sealed record HetznerSshKeyRecord(long Id, string Name, string Fingerprint, string PublicKey, DateTimeOffset Created);
