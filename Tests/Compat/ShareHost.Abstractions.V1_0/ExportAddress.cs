namespace ShareHost.Abstractions;

/// <summary>An address clients can mount a backend's exports from.</summary>
public sealed class ExportAddress
{
    /// <summary>The IP address or host name.</summary>
    public required string Address { get; init; }

    /// <summary>Whether the server behind the address is serving; unhealthy addresses are not handed out.</summary>
    public bool Healthy { get; init; } = true;

    /// <summary>Relative share of mounts under the <c>weighted</c> policy (≥ 1).</summary>
    public int Weight { get; init; } = 1;
}
