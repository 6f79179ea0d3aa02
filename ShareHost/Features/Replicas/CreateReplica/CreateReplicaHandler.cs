using ShareHost.Features.AccessRules;
using ShareHost.Features.Backends;
using ShareHost.Features.Messages;
using ShareHost.Features.Operations;
using ShareHost.Features.Scheduling;
using ShareHost.Features.Shares;
using ShareHost.Features.ShareTypes;
using ShareHost.Persistence;

using ShareHost.Features.Replicas.Snapshots;
using ShareHost.Features.Snapshots;

namespace ShareHost.Features.Replicas.CreateReplica;

/// <summary>
/// Builds an accepted replica: places it (once, stored before any driver call) on a pool of the active replica's
/// replication domain, preferably in another zone; asks the ACTIVE replica's driver to create it; stores its state and
/// export locations, gives it the share's access rules and makes it available. Any failure: <c>error</c> / <c>error</c>.
/// </summary>
public sealed class CreateReplicaHandler(
    ReplicaDrivers drivers,
    ShareTypeRepository shareTypes,
    FilterScheduler scheduler,
    BackendRegistry backends,
    SqliteConnectionFactory connections,
    ShareOperationSupport support,
    MessageRepository messages,
    AccessRuleService access,
    SnapshotRepository snapshots) : IOperationHandler
{
    private static readonly string[] Creating = [ShareStatus.Creating];

    public string Kind => CreateReplicaService.OperationKind;

    public async Task RunAsync(Operation operation, CancellationToken cancellationToken)
    {
        var set = await drivers.LoadAsync(operation.ShareId, cancellationToken);
        var row = set?.Rows.FirstOrDefault(r => r.Id == operation.ResourceId);
        if (set is null || row is null || row.Status != ShareStatus.Creating)
        {
            await support.AbandonAsync(operation, cancellationToken);
            return;
        }

        if (set.Active is not { Status: ShareStatus.Available } active)
        {
            await FailAsync(operation, MessageCatalog.Action.Create, MessageCatalog.Detail.NoActiveReplica,
                $"share {set.Share.Id} has no active replica in available state", cancellationToken);
            return;
        }

        if (row.Backend is null)
        {
            if (!await PlaceAsync(operation, set, active, cancellationToken))
            {
                return;
            }

            set = (await drivers.LoadAsync(operation.ShareId, cancellationToken))!;
        }

        Abstractions.ReplicaResult created;
        try
        {
            // The active replica's available snapshots, oldest first: the driver seeds the new replica with them.
            var seeds = (await snapshots.ForShareAsync(set.Share.Id, cancellationToken))
                .Where(s => s.Status == SnapshotStatus.Available && s.ShareInstanceId == active.Id)
                .Select(s => DriverSnapshots.For(s, set.Get(active.Id).Share, []))
                .ToList();
            var request = set.Request(row.Id);
            request = new Abstractions.ReplicationRequest { Replica = request.Replica, Replicas = request.Replicas, Snapshots = seeds };
            created = await drivers.CallAsync(active.Backend, "CreateReplica",
                (driver, ct) => driver.CreateReplicaAsync(request, ct), cancellationToken);
        }
        catch (DriverCallException e)
        {
            await FailAsync(operation, MessageCatalog.Action.Create, MessageCatalog.Detail.Unknown, e.UserMessage, cancellationToken);
            return;
        }

        var state = ReplicaDrivers.State(created.State);
        var settled = false;
        await support.CompleteAsync(operation, async (connection, transaction) =>
        {
            settled = await ReplicaRepository.SettleAsync(connection, transaction, row.Id, Creating, ShareStatus.Available, state, cancellationToken);
            if (settled)
            {
                await ReplicaRepository.SetProgressAsync(connection, transaction, row.Id, "100%", cancellationToken);
                if (created.ExportLocations is { } exports)
                {
                    await ShareRepository.ReplaceExportLocationsAsync(connection, transaction, row.Id, exports, cancellationToken);
                }

                await AccessRuleService.CopyToInstanceAsync(connection, transaction, set.Share.Id, row.Id, cancellationToken);
                await ReplicatedSnapshots.SettleForReplicaAsync(connection, transaction, row.Id, created: true, cancellationToken);
            }
        }, cancellationToken);

        if (settled)
        {
            access.RequestSync(row.Id);
        }
    }

    public Task FailAsync(Operation operation, string userMessage, CancellationToken cancellationToken) =>
        FailAsync(operation, MessageCatalog.Action.Create, MessageCatalog.Detail.Unknown, userMessage, cancellationToken);

    private async Task<bool> PlaceAsync(Operation operation, ReplicaSet set, Shares.ShareInstances.ShareInstanceRow active, CancellationToken cancellationToken)
    {
        var payload = operation.Read<CreateReplicaPayload>();
        var type = set.Share.ShareTypeId is null ? null : await shareTypes.FindByIdAsync(set.Share.ShareTypeId, cancellationToken);
        // As Manila: a replica is not bound to the active replica's backend name, only to its replication domain.
        var specs = (type?.ExtraSpecs ?? []).Where(s => s.Key != "share_backend_name").ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
        var domain = backends.Find(active.Backend)?.Status.Stats?.Pools.FirstOrDefault(p => p.Name == active.Pool)?.ReplicationDomain;
        var placed = set.Rows.Where(r => r.Backend is not null).ToList();
        var request = new ScheduleRequest(set.Share.Size, set.Share.ShareProto, specs, payload.AvailabilityZone,
            Replica: new ReplicaPlacement(domain,
                placed.Select(r => r.Backend!).ToHashSet(StringComparer.Ordinal),
                placed.Where(r => r.AvailabilityZone is not null).Select(r => r.AvailabilityZone!).ToHashSet(StringComparer.Ordinal)),
            OnlyHost: payload.OnlyHost);
        var result = scheduler.Schedule(request);
        if (!result.Succeeded)
        {
            await FailAsync(operation, MessageCatalog.Action.AllocateHost, MessageCatalog.DetailForFilter(result.LastFilter), result.Explanation, cancellationToken);
            return false;
        }

        var pool = result.Chosen!;
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection, cancellationToken);
        await ReplicaRepository.SetPlacementAsync(connection, transaction, operation.ResourceId, pool.Backend, pool.Pool, pool.AvailabilityZone, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private Task FailAsync(Operation operation, string actionId, string detailId, string? specifics, CancellationToken cancellationToken) =>
        support.CompleteAsync(operation, async (connection, transaction) =>
        {
            if (await ReplicaRepository.SettleAsync(connection, transaction, operation.ResourceId, Creating, ShareStatus.Error, ReplicaStates.Error, cancellationToken))
            {
                await ReplicatedSnapshots.SettleForReplicaAsync(connection, transaction, operation.ResourceId, created: false, cancellationToken);
                await messages.RecordAsync(connection, transaction, operation.ProjectId ?? "", operation.RequestId, ResourceTypes.Replica,
                    operation.ResourceId, actionId, detailId, specifics, cancellationToken);
            }
        }, cancellationToken);
}
