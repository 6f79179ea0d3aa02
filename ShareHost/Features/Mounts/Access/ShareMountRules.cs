using System.Data.Common;
using Microsoft.Extensions.Options;
using ShareHost.Abstractions;
using ShareHost.Api.Errors;
using ShareHost.Features.AccessRules;
using ShareHost.Features.AccessRules.Sync;
using ShareHost.Features.Backends;
using ShareHost.Features.Mounts.Leases;

namespace ShareHost.Features.Mounts.Access;

/// <summary>
/// A share mount's rules: the share's <c>ip</c> rules (a mount's marked in their metadata), on every instance of the
/// share, brought to the driver by the access sync (<see cref="IAccessDriver"/>).
/// </summary>
public sealed class ShareMountRules(AccessSyncService sync, IOptionsMonitor<AccessRuleOptions> accessOptions, BackendRegistry backends) : IMountRuleStore
{
    public string Noun => "share";

    public bool Owns(MountLease lease) => lease.SnapshotId is null;

    public bool Admits(MountLease lease) =>
        backends.Find(lease.Backend)?.Driver is IAccessDriver
        && (!AccessRuleValidation.TypesByProtocol.TryGetValue(lease.Protocol, out var types) || types.Contains("ip"));

    public string TargetOf(MountLease lease) => lease.ShareId;

    public async Task<IReadOnlyList<string>> SyncTargetsAsync(DbConnection connection, DbTransaction transaction, string targetId) =>
        (await AccessRuleRepository.InstancesAsync(connection, transaction, targetId, CancellationToken.None)).Select(i => i.Id).ToList();

    public Task<IReadOnlyList<ExistingRule>> RulesForAsync(DbConnection connection, DbTransaction transaction, string targetId, IEnumerable<string> clients) =>
        MountAccessRepository.TargetsAsync(connection, transaction, targetId, clients);

    public async Task<int> RoomAsync(DbConnection connection, DbTransaction transaction, string targetId) =>
        accessOptions.CurrentValue.MaxRulesPerShare - await AccessRuleRepository.CountAsync(connection, transaction, targetId, CancellationToken.None);

    public ApiException Full(string targetId, string client) => new ConflictException(
        $"Share {targetId} has the most access rules allowed (AccessRules:MaxRulesPerShare = {accessOptions.CurrentValue.MaxRulesPerShare}); client {client} cannot be given a rule of its own.");

    public Task InsertAsync(DbConnection connection, DbTransaction transaction, string targetId, IReadOnlyList<MadeRule> rules, IReadOnlyList<string> syncTargets) =>
        AccessRuleRepository.InsertAsync(connection, transaction, rules.Select(r => new AccessRule
        {
            Id = r.Id,
            ShareId = targetId,
            AccessType = "ip",
            AccessTo = r.Client,
            AccessLevel = r.Level,
            CreatedAt = DateTime.UtcNow,
            Metadata = new(StringComparer.Ordinal) { [MountAccessRepository.MarkerKey] = "true" },
        }).ToList(), syncTargets, CancellationToken.None);

    public Task<IReadOnlyList<(string Id, bool MountMade, bool Used)>> UsageAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<string> ruleIds) =>
        MountAccessRepository.UsageAsync(connection, transaction, ruleIds);

    public Task<IReadOnlyList<string>> QueueDenyAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<string> ruleIds) =>
        MountAccessRepository.QueueDenyAsync(connection, transaction, ruleIds);

    public async Task<Action> QueueSyncAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<string> syncTargets)
    {
        await AccessRuleRepository.MarkSyncingAsync(connection, transaction, syncTargets, CancellationToken.None);
        return () =>
        {
            foreach (var instanceId in syncTargets)
            {
                sync.Request(instanceId);
            }
        };
    }

    public Task<AccessSyncResult> SyncAsync(string syncTarget, CancellationToken cancellationToken) => sync.SyncAsync(syncTarget, cancellationToken);

    public Task<Dictionary<string, string>> StatesAsync(DbConnection connection, IReadOnlyCollection<string> ruleIds) =>
        MountAccessRepository.StatesAsync(connection, ruleIds);

    public Task<IReadOnlyList<OrphanRule>> OrphansAsync(DbConnection connection, string backend, DateTime before) =>
        MountAccessRepository.OrphansAsync(connection, backend, before);
}
