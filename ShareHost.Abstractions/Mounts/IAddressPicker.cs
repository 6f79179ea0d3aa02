namespace ShareHost.Abstractions;

/// <summary>
/// Optional (contract 1.1): the driver chooses which address a client mounts a share from. A driver that does not
/// implement it gets the host's policy (round robin, least connections, weighted or sticky, per backend).
/// </summary>
/// <remarks>
/// The host gives the call a time budget (200 ms by default). Past it, the host chooses with its own policy over the
/// last known healthy addresses and records that it did, so a slow driver never stalls a mount.
/// </remarks>
public interface IAddressPicker
{
    /// <summary>Chooses an address for one mount.</summary>
    /// <param name="request">The share, the client, and every candidate address with its health and live mounts.</param>
    /// <param name="cancellationToken">Fires when the time budget is spent or the host stops.</param>
    /// <returns>One of the candidates' addresses, and optionally mount options for it.</returns>
    Task<AddressChoice> PickAddressAsync(AddressPickRequest request, CancellationToken cancellationToken);
}

/// <summary>What a driver is told when it picks a mount address (contract 1.1).</summary>
public sealed class AddressPickRequest
{
    /// <summary>The share instance being mounted.</summary>
    public required DriverShare Share { get; init; }

    /// <summary>The client's identity as given in the mount call, usually its IP address.</summary>
    public required string Client { get; init; }

    /// <summary>The access level asked for: <c>rw</c> or <c>ro</c>.</summary>
    public required string AccessLevel { get; init; }

    /// <summary>Every address of the backend's pool, healthy or not, with its weight and live mount count.</summary>
    public required IReadOnlyList<AddressCandidate> Candidates { get; init; }

    /// <summary>The address this client already holds a live mount lease on for this share, if any.</summary>
    public string? CurrentAddress { get; init; }
}

/// <summary>One address a client could mount from (contract 1.1).</summary>
public sealed class AddressCandidate
{
    /// <summary>The IP address or host name.</summary>
    public required string Address { get; init; }

    /// <summary>Whether the server behind the address was serving at the last check.</summary>
    public bool Healthy { get; init; } = true;

    /// <summary>The address's weight (≥ 1).</summary>
    public int Weight { get; init; } = 1;

    /// <summary>Live mount leases currently bound to this address, across all shares of the backend.</summary>
    public int LiveLeases { get; init; }
}

/// <summary>A driver's choice of mount address (contract 1.1).</summary>
public sealed class AddressChoice
{
    /// <summary>The chosen address; must be one of the candidates.</summary>
    public required string Address { get; init; }

    /// <summary>Mount options the client should use with this address, or <see langword="null"/> for the backend's defaults.</summary>
    public string? MountOptions { get; init; }
}
