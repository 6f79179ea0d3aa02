namespace ShareHost.Features.Quotas;

/// <summary>Default per-project quotas (section <c>Quotas</c>); -1 means unlimited. Manila's defaults.</summary>
public sealed class QuotaOptions
{
    public const string Section = "Quotas";

    public static readonly IReadOnlyList<string> Resources =
    [
        "shares", "gigabytes", "snapshots", "snapshot_gigabytes", "share_networks", "share_groups",
        "share_group_snapshots", "share_replicas", "replica_gigabytes", "per_share_gigabytes",
    ];

    public Dictionary<string, int> Defaults { get; init; } = new()
    {
        ["shares"] = 50,
        ["gigabytes"] = 1000,
        ["snapshots"] = 50,
        ["snapshot_gigabytes"] = 1000,
        ["share_networks"] = 10,
        ["share_groups"] = 50,
        ["share_group_snapshots"] = 50,
        ["share_replicas"] = 100,
        ["replica_gigabytes"] = 1000,
        ["per_share_gigabytes"] = -1,
    };

    public int Default(string resource) => Defaults.TryGetValue(resource, out var value) ? value : -1;
}
