namespace ShareHost.Features.Snapshots.Access;

/// <summary>Manila's snapshot access view: <c>{id, access_type, access_to, state}</c> (no level: always read-only).</summary>
public static class SnapshotAccessView
{
    public static Dictionary<string, object?> Render(SnapshotAccessRule rule) => new()
    {
        ["id"] = rule.Id,
        ["access_type"] = rule.AccessType,
        ["access_to"] = rule.AccessTo,
        ["state"] = rule.State,
    };
}
