namespace ShareHost.Features.Quotas.UpdateQuotaSet;

/// <summary><c>PUT /v2/quota-sets/{projectId}</c>: <c>{"quota_set": {"shares": 10, …, "force": false}}</c>.</summary>
public sealed record UpdateQuotaSetRequest
{
    public UpdateQuotaSetBody? QuotaSet { get; init; }
}

public sealed record UpdateQuotaSetBody
{
    public int? Shares { get; init; }

    public int? Gigabytes { get; init; }

    public int? Snapshots { get; init; }

    public int? SnapshotGigabytes { get; init; }

    public int? ShareNetworks { get; init; }

    public int? ShareGroups { get; init; }

    public int? ShareGroupSnapshots { get; init; }

    public int? ShareReplicas { get; init; }

    public int? ReplicaGigabytes { get; init; }

    public int? PerShareGigabytes { get; init; }

    /// <summary>Set limits even below current usage.</summary>
    public bool? Force { get; init; }

    /// <summary>Sent by manilaclient; the URL names the project, so it is ignored (as in Manila).</summary>
    public string? TenantId { get; init; }

    /// <summary>Ignored, as in Manila.</summary>
    public string? Id { get; init; }

    /// <summary>The limits the request sets, keyed by Manila's resource names.</summary>
    public Dictionary<string, int> Changes()
    {
        var changes = new Dictionary<string, int>();
        Add(changes, "shares", Shares);
        Add(changes, "gigabytes", Gigabytes);
        Add(changes, "snapshots", Snapshots);
        Add(changes, "snapshot_gigabytes", SnapshotGigabytes);
        Add(changes, "share_networks", ShareNetworks);
        Add(changes, "share_groups", ShareGroups);
        Add(changes, "share_group_snapshots", ShareGroupSnapshots);
        Add(changes, "share_replicas", ShareReplicas);
        Add(changes, "replica_gigabytes", ReplicaGigabytes);
        Add(changes, "per_share_gigabytes", PerShareGigabytes);
        return changes;
    }

    private static void Add(Dictionary<string, int> changes, string resource, int? value)
    {
        if (value is { } limit)
        {
            changes[resource] = limit;
        }
    }
}
