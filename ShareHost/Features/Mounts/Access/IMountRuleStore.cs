using System.Data.Common;
using ShareHost.Features.AccessRules.Sync;
using ShareHost.Features.Mounts.Leases;

namespace ShareHost.Features.Mounts.Access;

/// <summary>
/// Where one kind of mount keeps the access rules that admit its clients: a share mount's are the share's ip rules,
/// a snapshot mount's the snapshot's (read-only) rules. <see cref="MountRuleWriter"/> orders and batches the changes
/// and <see cref="RuleMountAccess"/> counts their users the same way for both; a store only knows its tables and how
/// its rules reach the driver. A rule's "target" is the share or snapshot it is on; a "sync target" is what the store
/// asks to be brought in line with its rules (a share instance, a snapshot).
/// </summary>
public interface IMountRuleStore
{
    /// <summary>What the target is called in messages: <c>share</c> or <c>snapshot</c>.</summary>
    string Noun { get; }

    /// <summary>Whether the lease is this store's kind of mount (whatever its backend supports).</summary>
    bool Owns(MountLease lease);

    /// <summary>Whether the lease's backend and protocol let its client be admitted by an ip rule of this store.</summary>
    bool Admits(MountLease lease);

    /// <summary>The share or snapshot the lease's rule is on.</summary>
    string TargetOf(MountLease lease);

    /// <summary>The sync targets of a target (none when it no longer exists).</summary>
    Task<IReadOnlyList<string>> SyncTargetsAsync(DbConnection connection, DbTransaction transaction, string targetId);

    /// <summary>The target's ip rules for these clients, with their states and whether a mount made them.</summary>
    Task<IReadOnlyList<ExistingRule>> RulesForAsync(DbConnection connection, DbTransaction transaction, string targetId, IEnumerable<string> clients);

    /// <summary>How many more rules the target takes (its limit less the rules it has).</summary>
    Task<int> RoomAsync(DbConnection connection, DbTransaction transaction, string targetId);

    /// <summary>The refusal when the target has no room for a client's rule.</summary>
    Api.Errors.ApiException Full(string targetId, string client);

    /// <summary>Inserts rules a mount made (marked as such), queued to apply on the sync targets.</summary>
    Task InsertAsync(DbConnection connection, DbTransaction transaction, string targetId, IReadOnlyList<MadeRule> rules, IReadOnlyList<string> syncTargets);

    /// <summary>For each rule that still exists: whether a mount made it, and whether an active lease still names it.</summary>
    Task<IReadOnlyList<(string Id, bool MountMade, bool Used)>> UsageAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<string> ruleIds);

    /// <summary>Queues rules for removal (those not already on their way out); the sync targets touched.</summary>
    Task<IReadOnlyList<string>> QueueDenyAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<string> ruleIds);

    /// <summary>Records, in the transaction, that the sync targets must be brought in line; returns what starts that once it committed.</summary>
    Task<Action> QueueSyncAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<string> syncTargets);

    /// <summary>Completes once the sync target has had a chance to act on the changes queued now.</summary>
    Task<AccessSyncResult> SyncAsync(string syncTarget, CancellationToken cancellationToken);

    /// <summary>Each rule's state as the API shows it (rules that no longer exist are absent).</summary>
    Task<Dictionary<string, string>> StatesAsync(DbConnection connection, IReadOnlyCollection<string> ruleIds);

    /// <summary>
    /// Rules a mount made on the backend's targets, older than <paramref name="before"/>, not on their way out, that no
    /// active lease names.
    /// </summary>
    Task<IReadOnlyList<OrphanRule>> OrphansAsync(DbConnection connection, string backend, DateTime before);
}

/// <summary>A rule a mount makes for its client.</summary>
public sealed record MadeRule(string Id, string Client, string Level);
