using Dapper;
using ShareHost.Api.Errors;
using ShareHost.Features.Operations;
using ShareHost.Persistence;

namespace ShareHost.Features.Snapshots.DeleteSnapshot;

/// <summary>
/// Accepts a snapshot delete (or an admin force-delete): status available or error unless forced (400), never while
/// a share is being created from it (409); the instance goes <c>deleting</c> with its operation, atomically.
/// </summary>
public sealed class DeleteSnapshotService(SqliteConnectionFactory connections, OperationRunner runner)
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
        }

        runner.Enqueue(operation);
    }
}

public sealed record DeleteSnapshotPayload(bool Force);
