using ShareHost.Api.Versioning;

namespace ShareHost.Features.Quotas;

/// <summary>Manila's quota-set and limits bodies; resources added by later microversions are shown from that version on.</summary>
public static class QuotaSetView
{
    /// <summary>The microversion a quota resource appeared in (null: from the start).</summary>
    public static string? Since(string resource) => resource switch
    {
        "share_groups" or "share_group_snapshots" => "2.40",
        "share_replicas" or "replica_gigabytes" => "2.53",
        "per_share_gigabytes" => "2.62",
        _ => null,
    };

    public static bool IsVisible(string resource, ApiVersion version) => Since(resource) is not { } since || version.AtLeast(since);

    /// <summary><c>{"quota_set": {"shares": 50, …, "id": project}}</c>.</summary>
    public static Dictionary<string, object?> Limits(ApiVersion version, string projectId, IReadOnlyDictionary<string, int> limits)
    {
        var set = new Dictionary<string, object?>();
        foreach (var resource in QuotaOptions.Resources.Where(r => IsVisible(r, version)))
        {
            set[resource] = limits[resource];
        }

        set["id"] = projectId;
        return new Dictionary<string, object?> { ["quota_set"] = set };
    }

    /// <summary>2.25's detail: each resource as <c>{"limit", "in_use", "reserved"}</c> (no reservations are held: always 0).</summary>
    public static Dictionary<string, object?> Detail(ApiVersion version, string projectId, IReadOnlyDictionary<string, int> limits, IReadOnlyDictionary<string, int> usage)
    {
        var set = new Dictionary<string, object?>();
        foreach (var resource in QuotaOptions.Resources.Where(r => IsVisible(r, version)))
        {
            set[resource] = new Dictionary<string, int>
            {
                ["limit"] = limits[resource],
                ["in_use"] = usage[resource],
                ["reserved"] = 0,
            };
        }

        set["id"] = projectId;
        return new Dictionary<string, object?> { ["quota_set"] = set };
    }

    /// <summary>Manila's absolute limits: <c>maxTotal…</c> and <c>total…Used</c>; replica keys 2.53+, group keys 2.58+.</summary>
    public static Dictionary<string, object?> AbsoluteLimits(ApiVersion version, IReadOnlyDictionary<string, int> limits, IReadOnlyDictionary<string, int> usage)
    {
        (string Resource, string Max, string Used, string? Since)[] keys =
        [
            ("shares", "maxTotalShares", "totalSharesUsed", null),
            ("snapshots", "maxTotalShareSnapshots", "totalShareSnapshotsUsed", null),
            ("gigabytes", "maxTotalShareGigabytes", "totalShareGigabytesUsed", null),
            ("snapshot_gigabytes", "maxTotalSnapshotGigabytes", "totalSnapshotGigabytesUsed", null),
            ("share_networks", "maxTotalShareNetworks", "totalShareNetworksUsed", null),
            ("share_groups", "maxTotalShareGroups", "totalShareGroupsUsed", "2.58"),
            ("share_group_snapshots", "maxTotalShareGroupSnapshots", "totalShareGroupSnapshotsUsed", "2.58"),
            ("share_replicas", "maxTotalShareReplicas", "totalShareReplicasUsed", "2.53"),
            ("replica_gigabytes", "maxTotalReplicaGigabytes", "totalReplicaGigabytesUsed", "2.53"),
        ];
        var absolute = new Dictionary<string, int>();
        foreach (var (resource, max, used, since) in keys.Where(k => k.Since is null || version.AtLeast(k.Since)))
        {
            absolute[max] = limits[resource];
            absolute[used] = usage[resource];
        }

        return new Dictionary<string, object?>
        {
            ["limits"] = new Dictionary<string, object?> { ["rate"] = Array.Empty<object>(), ["absolute"] = absolute },
        };
    }
}
