using ShareHost.Api.Errors;
using ShareHost.Features.Operations;
using ShareHost.Features.Shares;
using ShareHost.Persistence;

namespace ShareHost.Features.Snapshots.Access;

/// <summary>
/// Allows and denies read-only access to mountable snapshots (2.32): the share must have mount_snapshot_support on a
/// pool that advertises it (400), the snapshot must be available (400) and a rule may exist once (400). The rule
/// change and the sync operation are stored together; the driver applies it in the background.
/// </summary>
public sealed class SnapshotAccessService(
    SqliteConnectionFactory connections,
    ShareRepository shares,
    SnapshotCapabilities capabilities,
    OperationRunner runner)
{
    public const string OperationKind = "update_snapshot_access";

    public async Task<SnapshotAccessRule> AllowAsync(SnapshotRecord snapshot, string accessType, string accessTo, string? requestId, CancellationToken cancellationToken)
    {
        await EnsureMountableAsync(snapshot, cancellationToken);
        SnapshotAccessRule rule;
        Operation operation;
        await using (var connection = await connections.OpenAsync(cancellationToken))
        await using (var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection, cancellationToken))
        {
            var current = await SnapshotRepository.FindAsync(connection, transaction, snapshot.Id, cancellationToken) ?? throw SnapshotLookup.NotFound(snapshot.Id);
            if (current.Status != SnapshotStatus.Available)
            {
                throw new BadRequestException(
                    $"Invalid snapshot: snapshot {snapshot.Id} must be 'available' to change its access rules (it is '{current.Status}').");
            }

            var existing = await SnapshotAccessRepository.ListAsync(connection, transaction, snapshot.Id, cancellationToken);
            if (existing.Any(r => r.AccessType == accessType && r.AccessTo == accessTo))
            {
                throw new BadRequestException($"Share snapshot access {accessType}:{accessTo} exists.");
            }

            rule = new SnapshotAccessRule
            {
                Id = Guid.NewGuid().ToString(),
                SnapshotId = snapshot.Id,
                AccessType = accessType,
                AccessTo = accessTo,
                State = SnapshotAccessRepository.QueuedToApply,
                CreatedAt = DateTime.UtcNow,
            };
            await SnapshotAccessRepository.InsertAsync(connection, transaction, rule, cancellationToken);
            operation = Operation.Create(OperationKind, snapshot.ShareId, snapshot.InstanceId, new { }, requestId, snapshot.ProjectId);
            await OperationRepository.InsertAsync(connection, transaction, operation, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        runner.Enqueue(operation);
        return rule;
    }

    public async Task DenyAsync(SnapshotRecord snapshot, string accessId, string? requestId, CancellationToken cancellationToken)
    {
        Operation operation;
        await using (var connection = await connections.OpenAsync(cancellationToken))
        await using (var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection, cancellationToken))
        {
            var rule = (await SnapshotAccessRepository.ListAsync(connection, transaction, snapshot.Id, cancellationToken)).FirstOrDefault(r => r.Id == accessId)
                ?? throw new NotFoundException($"Access rule {accessId} could not be found for snapshot {snapshot.Id}.");
            if (rule.State is SnapshotAccessRepository.QueuedToDeny or SnapshotAccessRepository.Denying)
            {
                throw new BadRequestException($"Access rule {accessId} is already being removed.");
            }

            await SnapshotAccessRepository.TransitionAsync(connection, transaction, rule.Id, [rule.State], SnapshotAccessRepository.QueuedToDeny, cancellationToken);
            operation = Operation.Create(OperationKind, snapshot.ShareId, snapshot.InstanceId, new { }, requestId, snapshot.ProjectId);
            await OperationRepository.InsertAsync(connection, transaction, operation, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        runner.Enqueue(operation);
    }

    private async Task EnsureMountableAsync(SnapshotRecord snapshot, CancellationToken cancellationToken)
    {
        var share = await shares.FindAsync(snapshot.ShareId, cancellationToken) ?? throw SnapshotLookup.NotFound(snapshot.Id);
        if (!share.MountSnapshotSupport)
        {
            throw new BadRequestException(
                $"Cannot allow access to snapshot {snapshot.Id}: its share {share.Id} does not have mount_snapshot_support (its share type does not ask for mount_snapshot_support=True).");
        }

        if (!capabilities.Advertises(snapshot.Backend, snapshot.Pool, SnapshotCapabilities.MountSnapshot))
        {
            throw new BadRequestException(
                $"Cannot allow access to snapshot {snapshot.Id}: the pool {SnapshotCapabilities.Describe(snapshot.Backend, snapshot.Pool)} does not advertise mount_snapshot_support.");
        }
    }
}
