namespace ShareHost.Features.Mounts.Leases;

/// <summary>
/// A mount and its lease (one resource: the mount's id is the lease's id). Live leases are held in
/// <see cref="LeaseTable"/>, which alone changes them, under its lock; ended ones are rows of <c>mount_leases</c>.
/// Times are the database's (granted, renewed, ended); the deadline of a live lease is this process's monotonic clock.
/// </summary>
public sealed class MountLease
{
    /// <summary>
    /// A UUIDv7: time-ordered, so each batch's inserts land on the last pages of the ids' index instead of one random
    /// page each (with random ids, a batch of 13 leases wrote ~15 more 4 KiB WAL pages, a quarter of its WAL).
    /// </summary>
    public string Id { get; init; } = Guid.CreateVersion7().ToString();

    public string ShareId { get; init; } = "";

    /// <summary>Set for a snapshot mount (read-only, bound to the snapshot's export path).</summary>
    public string? SnapshotId { get; init; }

    public string ShareInstanceId { get; init; } = "";

    public string Backend { get; init; } = "";

    public string ProjectId { get; init; } = "";

    public string UserId { get; init; } = "";

    /// <summary>The client as normalised at mount time (canonical IP text, or a lower-case host name).</summary>
    public string Client { get; set; } = "";

    public string AccessLevel { get; init; } = LeaseStates.ReadWrite;

    public bool Exclusive { get; init; }

    public string Address { get; set; } = "";

    /// <summary><c>driver</c>, <c>host</c> (the backend's policy) or <c>host_fallback</c> (the driver did not answer in time or well).</summary>
    public string AddressSource { get; set; } = "";

    public string Protocol { get; init; } = "";

    /// <summary>The full export path for the protocol, bound to <see cref="Address"/>.</summary>
    public string ExportPath { get; set; } = "";

    public string? MountOptions { get; set; }

    /// <summary>The share's fencing token this mount took (assigned when the lease is written).</summary>
    public long FencingToken { get; set; }

    public string State { get; set; } = LeaseStates.Active;

    /// <summary>The client's access that came with the mount: <c>recorded</c>, <c>withdrawn</c>, or the access feature's states.</summary>
    public string Access { get; set; } = "";

    /// <summary>The access rule that admits the client while the lease lives (one rule serves every live lease of a client and level).</summary>
    public string? AccessRuleId { get; set; }

    public int LeaseSeconds { get; set; }

    public int Renewals { get; set; }

    public DateTime? GrantedAt { get; set; }

    public DateTime? RenewedAt { get; set; }

    public DateTime? EndedAt { get; set; }

    /// <summary>Only for rows read from the database: seconds until <c>expires_at</c> on the database's clock.</summary>
    public double SecondsLeft { get; set; }

    /// <summary>In memory: when the lease runs out, on this process's monotonic clock.</summary>
    internal long Deadline { get; set; }

    /// <summary>The lease row's rowid (set when this process wrote or loaded it; 0 when unknown): how a sweep finds the row.</summary>
    internal long RowId { get; set; }

    /// <summary>In memory: the lease row is committed; only then may the lease be renewed, ended or expired.</summary>
    internal bool Persisted { get; set; }

    public bool IsReadWrite => AccessLevel == LeaseStates.ReadWrite;
}

public static class LeaseStates
{
    public const string Active = "active";
    public const string Released = "released";
    public const string Expired = "expired";

    public const string ReadWrite = "rw";
    public const string ReadOnly = "ro";

    public static readonly IReadOnlyList<string> All = [Active, Released, Expired];
}
