using Dapper;
using ShareHost.Features.Backends;
using ShareHost.Features.Messages;
using ShareHost.Features.Shares;
using ShareHost.Features.Shares.ShareInstances;
using ShareHost.Persistence;

namespace ShareHost.Features.Replicas.States;

/// <summary>
/// Asks the active replica's driver how each other replica stands (repairing what it can) and records the answer
/// (Manila's periodic_share_replica_update and the resync action). The write is compare-and-set on the replica still
/// being available and the active replica still being primary, so an answer about a relationship a promotion ended is
/// dropped. A failed call marks the replica <c>error</c> / <c>error</c> with a user message, as Manila does.
/// </summary>
public sealed class ReplicaStateUpdater(
    ReplicaDrivers drivers,
    ReplicaRepository replicas,
    BackendRegistry backends,
    SqliteConnectionFactory connections,
    MessageRepository messages,
    ILogger<ReplicaStateUpdater> logger)
{
    private const string RecordState = """
        UPDATE share_instances SET replica_state = @state, updated_at = @now
        WHERE id = @id AND status = 'available' AND is_primary = 0
          AND EXISTS (SELECT 1 FROM share_instances a WHERE a.id = @activeId AND a.is_primary = 1)
        """;

    private const string RecordFailure = """
        UPDATE share_instances SET replica_state = 'error', status = 'error', updated_at = @now
        WHERE id = @id AND status = 'available' AND is_primary = 0
          AND EXISTS (SELECT 1 FROM share_instances a WHERE a.id = @activeId AND a.is_primary = 1)
        """;

    /// <summary>One pass over every replicated share; returns how many replica states were recorded.</summary>
    public async Task<int> PollAllAsync(CancellationToken cancellationToken)
    {
        var recorded = 0;
        foreach (var shareId in await replicas.ReplicatedSharesAsync(cancellationToken))
        {
            try
            {
                recorded += await PollShareAsync(shareId, null, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Replica state poll of share {Share} failed", shareId);
            }
        }

        return recorded;
    }

    /// <summary>Checks the share's non-active available replicas (or only <paramref name="onlyReplicaId"/>).</summary>
    public async Task<int> PollShareAsync(string shareId, string? onlyReplicaId, CancellationToken cancellationToken)
    {
        var set = await drivers.LoadAsync(shareId, cancellationToken);
        if (set is null)
        {
            return 0;
        }

        var others = set.Rows.Where(r => !r.IsPrimary && r.Backend is not null && r.Status == ShareStatus.Available
            && r.ReplicaState != ReplicaStates.Active && (onlyReplicaId is null || r.Id == onlyReplicaId)).ToList();
        if (set.Active is not { } active)
        {
            // As Manila: without an active replica nothing can be in sync.
            await using var connection = await connections.OpenAsync(cancellationToken);
            foreach (var other in others)
            {
                await ReplicaRepository.SetStateAsync(connection, null, other.Id, ReplicaStates.Error, cancellationToken);
            }

            return others.Count;
        }

        // The active replica's backend answers for all; while it is busy or unreachable nothing new is known.
        if (active.Status != ShareStatus.Available || backends.Find(active.Backend) is not { IsUp: true })
        {
            return 0;
        }

        var recorded = 0;
        foreach (var other in others)
        {
            recorded += await UpdateAsync(set, active, other, cancellationToken) ? 1 : 0;
        }

        return recorded;
    }

    private async Task<bool> UpdateAsync(ReplicaSet set, ShareInstanceRow active, ShareInstanceRow replica, CancellationToken cancellationToken)
    {
        Abstractions.ReplicaResult result;
        try
        {
            result = await drivers.CallAsync(active.Backend, "UpdateReplicaState",
                (driver, ct) => driver.UpdateReplicaStateAsync(set.Request(replica.Id), ct), cancellationToken);
        }
        catch (DriverCallException e)
        {
            await using var connection = await connections.OpenAsync(cancellationToken);
            await using var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection, cancellationToken);
            if (await connection.ExecuteAsync(new CommandDefinition(RecordFailure, new { id = replica.Id, activeId = active.Id, now = DateTime.UtcNow },
                    transaction, cancellationToken: cancellationToken)) == 1)
            {
                await messages.RecordAsync(connection, transaction, replica.ProjectId, null, ResourceTypes.Replica, replica.Id,
                    MessageCatalog.Action.Update, MessageCatalog.Detail.Unknown, e.UserMessage, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return false;
        }

        if (result.State == Abstractions.ReplicaState.Active)
        {
            logger.LogWarning("Driver of backend {Backend} reported replica {Replica} as active; ignored", active.Backend, replica.Id);
            return false;
        }

        var state = ReplicaDrivers.State(result.State);
        await using (var connection = await connections.OpenAsync(cancellationToken))
        await using (var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection, cancellationToken))
        {
            var written = await connection.ExecuteAsync(new CommandDefinition(RecordState,
                new { id = replica.Id, activeId = active.Id, state, now = DateTime.UtcNow }, transaction, cancellationToken: cancellationToken)) == 1;
            if (written && result.ExportLocations is { } exports)
            {
                await ShareRepository.ReplaceExportLocationsAsync(connection, transaction, replica.Id, exports, cancellationToken);
            }

            if (written && state != replica.ReplicaState && state == ReplicaStates.Error && result.Message is { } message)
            {
                await messages.RecordAsync(connection, transaction, replica.ProjectId, null, ResourceTypes.Replica, replica.Id,
                    MessageCatalog.Action.Update, MessageCatalog.Detail.Unknown, message, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return written;
        }
    }
}
