using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Features.Operations;
using ShareHost.Features.Quotas;
using ShareHost.Features.Shares;
using ShareHost.Features.Shares.Resize;
using ShareHost.Persistence;

using ShareHost.Features.Replicas.Snapshots;

namespace ShareHost.Features.Snapshots.CreateSnapshot;

/// <summary>What is asked of a snapshot: which share, its name and description, metadata, and whether a schedule takes it.</summary>
public sealed record SnapshotRequest(string ShareId, string? Name, string? Description, IReadOnlyDictionary<string, string> Metadata, bool Scheduled);

/// <summary>
/// Accepts a snapshot (manila-zed §3.4, §7.6): the share must have snapshot_support (else 422) on a pool that advertises
/// it, be available and not busy (400), and the project's snapshot quotas must allow it (413). The snapshot, its
/// instance (<c>creating</c>) and the operation are stored in one transaction.
/// </summary>
public sealed class CreateSnapshotService(
    SqliteConnectionFactory connections,
    ShareLookup shareLookup,
    SnapshotCapabilities capabilities,
    QuotaRepository quotas,
    OperationRunner runner)
{
    public const string OperationKind = "create_snapshot";

    private static readonly string[] Available = [ShareStatus.Available];

    public async Task<SnapshotRecord> CreateAsync(SnapshotRequest request, RequestContext caller, CancellationToken cancellationToken)
    {
        var visible = await shareLookup.OwnedAsync(request.ShareId, caller, "share:create_snapshot", cancellationToken);
        if (!visible.SnapshotSupport)
        {
            throw new UnprocessableException(
                $"Invalid share: share {visible.Id} does not have snapshot_support (its share type does not ask for snapshot_support=True).");
        }

        if (visible.Backend is not null && !capabilities.Advertises(visible.Backend, visible.Pool, SnapshotCapabilities.Snapshot))
        {
            throw new UnprocessableException(
                $"Invalid share: the pool {SnapshotCapabilities.Describe(visible.Backend, visible.Pool)} of share {visible.Id} does not advertise snapshot_support.");
        }

        Operation operation;
        SnapshotRecord created;
        await using (var connection = await connections.OpenAsync(cancellationToken))
        await using (var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection, cancellationToken))
        {
            var share = await ShareRepository.FindAsync(connection, transaction, visible.Id, cancellationToken)
                ?? throw new NotFoundException($"Share {visible.Id} could not be found.");
            ResizeGuards.EnsureStatus(share, "snapshot it", Available);
            ResizeGuards.EnsureNotBusy(share);
            await quotas.EnsureSnapshotQuotaAsync(connection, transaction, caller.ProjectId, 1, share.Size, cancellationToken);

            var snapshot = new NewSnapshot
            {
                Id = Guid.NewGuid().ToString(),
                ShareId = share.Id,
                ProjectId = caller.ProjectId,
                UserId = caller.UserId,
                Name = request.Name,
                Description = request.Description,
                Size = share.Size,
                ShareProto = share.ShareProto,
                Scheduled = request.Scheduled,
                CreatedAt = DateTime.UtcNow,
                InstanceId = Guid.NewGuid().ToString(),
                ShareInstanceId = share.InstanceId,
                Metadata = request.Metadata,
            };
            operation = Operation.Create(OperationKind, share.Id, snapshot.InstanceId, new { }, caller.RequestId, caller.ProjectId);
            await SnapshotRepository.InsertAsync(connection, transaction, snapshot, operation, cancellationToken);
            if (share.ReplicationType is not null)
            {
                await ReplicatedSnapshots.AddReplicaInstancesAsync(connection, transaction, snapshot.Id, share.Id, share.InstanceId, cancellationToken);
            }

            created = (await SnapshotRepository.FindAsync(connection, transaction, snapshot.Id, cancellationToken))!;
            await transaction.CommitAsync(cancellationToken);
        }

        runner.Enqueue(operation);
        return created;
    }
}
