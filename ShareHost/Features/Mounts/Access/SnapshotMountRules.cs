using System.Data.Common;
using ShareHost.Abstractions;
using ShareHost.Api.Errors;
using ShareHost.Features.AccessRules.Sync;
using ShareHost.Features.Backends;
using ShareHost.Features.Mounts.Leases;
using ShareHost.Features.Operations;
using ShareHost.Features.Snapshots;
using ShareHost.Features.Snapshots.Access;
using ShareHost.Persistence;

namespace ShareHost.Features.Mounts.Access;

/// <summary>
/// A snapshot mount's rules: the snapshot's read-only <c>ip</c> rules (a mount's marked <c>mount_made</c>), brought to
/// the driver (<see cref="ISnapshotAccessDriver"/>) by the snapshot access operation, as an allow or deny by hand is.
/// </summary>
public sealed class SnapshotMountRules(SqliteConnectionFactory connections, OperationRunner runner, BackendRegistry backends) : IMountRuleStore
{
    /// <summary>How long one <see cref="SyncAsync"/> watches the snapshot's rules before it answers that they still move.</summary>
    private static readonly TimeSpan SyncWatch = TimeSpan.FromSeconds(2);

    public string Noun => "snapshot";

    public bool Owns(MountLease lease) => lease.SnapshotId is not null;

    public bool Admits(MountLease lease) => backends.Find(lease.Backend)?.Driver is ISnapshotAccessDriver;

    public string TargetOf(MountLease lease) => lease.SnapshotId!;

    public async Task<IReadOnlyList<string>> SyncTargetsAsync(DbConnection connection, DbTransaction transaction, string targetId) =>
        await SnapshotMountAccessRepository.ExistsAsync(connection, transaction, targetId) ? [targetId] : [];

    public Task<IReadOnlyList<ExistingRule>> RulesForAsync(DbConnection connection, DbTransaction transaction, string targetId, IEnumerable<string> clients) =>
        SnapshotMountAccessRepository.RulesForAsync(connection, transaction, targetId, clients);

    /// <summary>Snapshots have no rule limit of their own.</summary>
    public Task<int> RoomAsync(DbConnection connection, DbTransaction transaction, string targetId) => Task.FromResult(int.MaxValue);

    public ApiException Full(string targetId, string client) => new ConflictException($"Snapshot {targetId} takes no more access rules.");

    public async Task InsertAsync(DbConnection connection, DbTransaction transaction, string targetId, IReadOnlyList<MadeRule> rules, IReadOnlyList<string> syncTargets)
    {
        foreach (var rule in rules)
        {
            await SnapshotAccessRepository.InsertAsync(connection, transaction, new SnapshotAccessRule
            {
                Id = rule.Id,
                SnapshotId = targetId,
                AccessType = "ip",
                AccessTo = rule.Client,
                State = SnapshotAccessRepository.QueuedToApply,
                CreatedAt = DateTime.UtcNow,
                MountMade = true,
            });
        }
    }

    public Task<IReadOnlyList<(string Id, bool MountMade, bool Used)>> UsageAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<string> ruleIds) =>
        SnapshotMountAccessRepository.UsageAsync(connection, transaction, ruleIds);

    public Task<IReadOnlyList<string>> QueueDenyAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<string> ruleIds) =>
        SnapshotMountAccessRepository.QueueDenyAsync(connection, transaction, ruleIds);

    /// <summary>One snapshot access operation per snapshot touched, recorded with the rules; run once they are committed.</summary>
    public async Task<Action> QueueSyncAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<string> syncTargets)
    {
        var operations = new List<Operation>();
        foreach (var snapshotId in syncTargets)
        {
            if (await SnapshotRepository.FindAsync(connection, transaction, snapshotId) is { } snapshot)
            {
                var operation = Operation.Create(SnapshotAccessService.OperationKind, snapshot.ShareId, snapshot.InstanceId, new { }, null, snapshot.ProjectId);
                await OperationRepository.InsertAsync(connection, transaction, operation);
                operations.Add(operation);
            }
        }

        return () => operations.ForEach(runner.Enqueue);
    }

    /// <summary>Settled once none of the snapshot's rules is queued, applying or denying; Waiting if they still are after a while.</summary>
    public async Task<AccessSyncResult> SyncAsync(string syncTarget, CancellationToken cancellationToken)
    {
        var until = DateTime.UtcNow + SyncWatch;
        while (true)
        {
            await using (var connection = await connections.OpenAsync(cancellationToken))
            {
                if (await SnapshotMountAccessRepository.InFlightAsync(connection, syncTarget, cancellationToken) == 0)
                {
                    return AccessSyncResult.Settled;
                }
            }

            if (DateTime.UtcNow >= until)
            {
                return AccessSyncResult.Waiting;
            }

            await Task.Delay(25, cancellationToken);
        }
    }

    public Task<Dictionary<string, string>> StatesAsync(DbConnection connection, IReadOnlyCollection<string> ruleIds) =>
        SnapshotMountAccessRepository.StatesAsync(connection, ruleIds);

    public Task<IReadOnlyList<OrphanRule>> OrphansAsync(DbConnection connection, string backend, DateTime before) =>
        SnapshotMountAccessRepository.OrphansAsync(connection, backend, before);
}
