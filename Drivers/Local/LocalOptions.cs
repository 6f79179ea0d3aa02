namespace ShareHost.Drivers.Local;

/// <summary>The Local backend's <c>Options</c> section.</summary>
public sealed class LocalOptions
{
    /// <summary>The pools: btrfs filesystems (or plain directories) mounted at configured paths.</summary>
    public List<LocalPoolOptions> Pools { get; init; } = [];

    /// <summary>The protocols served; empty means NFS and CIFS. A protocol left out starts no daemon.</summary>
    public List<string> StorageProtocols { get; init; } = [];

    /// <summary>
    /// The export addresses (127.0.0.x in a lab); one ganesha.nfsd runs per address and Samba listens on each.
    /// Empty means 127.0.0.1.
    /// </summary>
    public List<string> Addresses { get; init; } = [];

    public int NfsPort { get; init; } = 12049;

    public int CifsPort { get; init; } = 4450;

    /// <summary>Mount options handed to NFS clients; <c>{port}</c> is replaced by <see cref="NfsPort"/>.</summary>
    public string NfsMountOptions { get; init; } = "vers=4.1,port={port}";

    /// <summary>Mount options handed to CIFS clients; <c>{port}</c> is replaced by <see cref="CifsPort"/>.</summary>
    public string CifsMountOptions { get; init; } = "port={port}";

    /// <summary>
    /// Prefix of the local system accounts created for CIFS <c>user</c> rules (a rule for <c>alice</c> makes the
    /// account <c>&lt;prefix&gt;alice</c>); it keeps them apart from the machine's own users.
    /// </summary>
    public string UserPrefix { get; init; } = "sh-";

    /// <summary>
    /// Bytes per GiB of share size in qgroup limits and capacity reports. 1 GiB unless a lab or a test wants shares
    /// it can fill quickly (a few MiB per "GiB").
    /// </summary>
    public long SizeUnitBytes { get; init; } = 1L << 30;

    /// <summary>Where share and snapshot subvolumes are mounted for export; default <c>mnt</c> in the backend's state directory.</summary>
    public string? MountRoot { get; init; }

    /// <summary>Seconds between health probes of the daemons (process alive and a TCP connect to each address).</summary>
    public double HealthCheckSeconds { get; init; } = 5;

    /// <summary>Seconds a daemon has to become ready (listening) after it is started.</summary>
    public double StartTimeoutSeconds { get; init; } = 20;

    /// <summary>Seconds a daemon has to exit after SIGTERM before it gets SIGKILL.</summary>
    public double StopTimeoutSeconds { get; init; } = 10;

    /// <summary>Ganesha's log level (<c>NIV_EVENT</c>, <c>NIV_INFO</c>, <c>NIV_DEBUG</c> …).</summary>
    public string GaneshaLogLevel { get; init; } = "NIV_EVENT";
}

public sealed class LocalPoolOptions
{
    public string Name { get; init; } = "";

    /// <summary>The pool's path: the mount point of a btrfs filesystem (or a directory in one), or any directory.</summary>
    public string Path { get; init; } = "";

    /// <summary><c>btrfs</c> (subvolumes, qgroup limits, snapshots) or <c>directory</c> (plain folders, no limits, no snapshots).</summary>
    public string Type { get; init; } = "btrfs";

    public int ReservedPercentage { get; init; }

    public int ReservedSnapshotPercentage { get; init; }

    public int ReservedShareExtendPercentage { get; init; }

    /// <summary>qgroup limits reserve nothing, so pools are thin by nature; false reports thick provisioning.</summary>
    public bool ThinProvisioning { get; init; } = true;

    public double MaxOverSubscriptionRatio { get; init; } = 20;

    /// <summary>
    /// Replication offered by this pool (btrfs only): <c>readable</c> or <c>dr</c>; replicas are kept by incremental
    /// <c>btrfs send/receive</c> into a pool of another Local backend of the same host and <see cref="ReplicationDomain"/>.
    /// </summary>
    public string? ReplicationType { get; init; }

    /// <summary>Pools (of any Local backend of the host) with the same domain can hold replicas of each other's shares.</summary>
    public string? ReplicationDomain { get; init; }
}
