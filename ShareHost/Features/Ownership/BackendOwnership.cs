namespace ShareHost.Features.Ownership;

/// <summary>
/// Whether this process may drive a backend: it holds the backend's ownership lease with <see cref="Token"/>, or
/// another process (<see cref="Holder"/>) does until <see cref="ExpiresAt"/>. <see cref="Lost"/> fires when an owned
/// lease is lost, so the backend's in-flight driver calls stop.
/// </summary>
public sealed class BackendOwnership
{
    private BackendOwnership(bool owned, long token, string? holder, DateTime? expiresAt, string? reason, CancellationToken lost, bool wasLost = false)
    {
        WasLost = wasLost;
        Owned = owned;
        Token = token;
        Holder = holder;
        ExpiresAt = expiresAt;
        Reason = reason;
        Lost = lost;
    }

    /// <summary>Before the ownership service has claimed anything (tests that build a registry by hand): drive it, token 0.</summary>
    public static BackendOwnership Unmanaged { get; } = new(true, 0, null, null, null, CancellationToken.None);

    public bool Owned { get; }

    /// <summary>The lease's token: DriverContext.OwnershipToken when owned, the owner's token otherwise.</summary>
    public long Token { get; }

    /// <summary>The process holding the lease (this one when <see cref="Owned"/>), or null when none does.</summary>
    public string? Holder { get; }

    /// <summary>When the lease runs out unless renewed, in database time (UTC), as last seen by this process.</summary>
    public DateTime? ExpiresAt { get; }

    /// <summary>Why this process does not drive the backend (standby, ownership lost), shown as the backend's state reason.</summary>
    public string? Reason { get; }

    public CancellationToken Lost { get; }

    /// <summary>This process owned the backend and lost its lease (rather than never having held it).</summary>
    public bool WasLost { get; }

    public static BackendOwnership Owner(string holder, long token, DateTime expiresAt, CancellationToken lost) =>
        new(true, token, holder, expiresAt, null, lost);

    public static BackendOwnership Standby(string? holder, long token, DateTime? expiresAt) =>
        new(false, token, holder, expiresAt, holder is null
            ? "standby: waiting for the backend's ownership lease"
            : $"standby: owned by {holder} until {Format(expiresAt)}", CancellationToken.None);

    public static BackendOwnership LostTo(string? holder, long token, DateTime? expiresAt) =>
        new(false, token, holder, expiresAt, holder is null
            ? "ownership lost: the backend's ownership lease is gone"
            : $"ownership lost: now owned by {holder} until {Format(expiresAt)}", CancellationToken.None, wasLost: true);

    /// <summary>Who owns it, for a 503 answered by a process that does not: "owned by X until T".</summary>
    public string Describe(string backend) => Holder is null
        ? $"The backend '{backend}' has no owner right now; try again shortly."
        : $"The backend '{backend}' is owned by another ShareHost process ({Holder}) until {Format(ExpiresAt)}; send the request to that process or retry after it has been taken over.";

    private static string Format(DateTime? at) => at is { } value ? value.ToString("yyyy-MM-dd HH:mm:ss.fff") + " UTC" : "unknown";
}
