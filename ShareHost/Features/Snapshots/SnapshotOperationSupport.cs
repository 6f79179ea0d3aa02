using ShareHost.Features.Messages;
using ShareHost.Features.Operations;
using ShareHost.Features.Shares;

namespace ShareHost.Features.Snapshots;

/// <summary>How snapshot handlers end: the outcome and the end of the operation in one transaction, failures with a user message.</summary>
public sealed class SnapshotOperationSupport(ShareOperationSupport shares, MessageRepository messages)
{
    public ShareOperationSupport Shares => shares;

    /// <summary>Moves the snapshot instance from <paramref name="from"/> to <paramref name="to"/>, records a message about the snapshot, ends the operation.</summary>
    public Task FailAsync(Operation operation, string snapshotId, string instanceId, IReadOnlyCollection<string> from, string to,
        string projectId, string actionId, string detailId, string? specifics, CancellationToken cancellationToken) =>
        shares.CompleteAsync(operation, async (connection, transaction) =>
        {
            await SnapshotRepository.TransitionAsync(connection, transaction, instanceId, from, to, cancellationToken);
            await messages.RecordAsync(connection, transaction, projectId, operation.RequestId, ResourceTypes.Snapshot, snapshotId,
                actionId, detailId, specifics, cancellationToken);
        }, cancellationToken);
}
