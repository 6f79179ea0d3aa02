using Dapper;
using ShareHost.Api.Errors;
using ShareHost.Features.Operations;
using ShareHost.Persistence;

namespace ShareHost.Features.Snapshots.DeleteSnapshot;

/// <summary>
/// Accepts a snapshot delete (or an admin force-delete): status available or error unless forced (400), no live
/// snapshot mounts unless forced (400: release them first), never while a share is being created from it (409); the
/// instance goes <c>deleting</c> with its operation, atomically. A force-delete then ends the snapshot's live mounts
/// (their clients' access withdrawn) before the driver is asked to delete it.
/// </summary>
public sealed class DeleteSnapshotService(SqliteConnectionFactory connections, OperationRunner runner, ISnapshotMounts mounts,
    ILogger<DeleteSnapshotService> logger)
{
    public const string OperationKind = "delete_snapshot";

    private const string SharesBeingCreatedFrom = """
        SELECT s.id FROM shares s JOIN share_instances i ON i.share_id = s.id AND i.is_primary = 1
        WHERE s.snapshot_id = @snapshotId AND i.status IN ('creating', 'creating_from_snapshot')
        LIMIT 1
        """;

    public async Task DeleteAsync(SnapshotRecord visible, string? requestId, bool force, CancellationToken cancellationToken)
    {
        Operation operation;
        SnapshotRecord deleting;
        await using (var connection = await connections.OpenAsync(cancellationToken))
        await using (var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection, cancellationToken))
        {
            var snapshot = await SnapshotRepository.FindAsync(connection, transaction, visible.Id, cancellationToken)
                ?? throw SnapshotLookup.NotFound(visible.Id);
            if (!force && !SnapshotStatus.Deletable.Contains(snapshot.Status))
            {
                throw new BadRequestException(
                    $"Invalid snapshot: Share Snapshot status must be one of 'available', 'error' to be deleted (snapshot {snapshot.Id} is '{snapshot.Status}').");
            }

            if (!force && await mounts.LiveAsync(snapshot, cancellationToken) is { Count: > 0 } live)
            {
                throw new BadRequestException(
                    $"Invalid snapshot: snapshot {snapshot.Id} has {live.Count} live mount(s) ({string.Join(", ", live)}); " +
                    "they must be released first (DELETE /v2/sharehost/mounts/{id}) or expire; an admin's force_delete ends them.");
            }

            var source = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                SharesBeingCreatedFrom, new { snapshotId = snapshot.Id }, transaction, cancellationToken: cancellationToken));
            if (source is not null)
            {
                throw new ConflictException($"Snapshot {snapshot.Id} is the source of share {source}, which is still being created; try again when it is.");
            }

            operation = Operation.Create(OperationKind, snapshot.ShareId, snapshot.InstanceId, new DeleteSnapshotPayload(force), requestId, snapshot.ProjectId);
            IReadOnlyCollection<string> from = force ? [snapshot.Status] : SnapshotStatus.Deletable.ToList();
            if (!await SnapshotRepository.TransitionAsync(connection, transaction, snapshot.InstanceId, from, SnapshotStatus.Deleting, cancellationToken))
            {
                throw new ConflictException($"Snapshot {snapshot.Id} changed status while being deleted; try again.");
            }

            await OperationRepository.InsertAsync(connection, transaction, operation, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            deleting = snapshot;
        }

        try
        {
            if (force)
            {
                // Mounts started after this see the snapshot 'deleting' and are undone; these end before the driver call.
                // Committed: finish even if the caller goes away.
                await mounts.EndAsync(deleting, CancellationToken.None);
            }
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Ending the live mounts of force-deleted snapshot {Snapshot} failed; they expire on their own", deleting.Id);
        }
        finally
        {
            runner.Enqueue(operation);
        }
    }
}

public sealed record DeleteSnapshotPayload(bool Force);
