using System.Data.Common;
using ShareHost.Abstractions;
using ShareHost.Features.Backends;
using ShareHost.Features.Messages;
using ShareHost.Features.Operations;
using ShareHost.Features.ShareTypes;
using ShareHost.Persistence;

namespace ShareHost.Features.Shares;

/// <summary>What a share operation works on: the share, the instance, its backend, and the driver's view of the instance.</summary>
public sealed record ShareWork(ShareRecord Share, ShareInstanceRecord Instance, Backend Backend, DriverShare DriverShare);

/// <summary>
/// What every share operation handler does to start and to finish: load its work (or end the operation when the
/// instance has moved on), and write the outcome and end the operation in one transaction.
/// </summary>
public sealed class ShareOperationSupport(
    WriteBatcher writes,
    MessageRepository messages,
    ShareRepository shares,
    ShareTypeRepository shareTypes,
    BackendRegistry backends)
{
    /// <summary>
    /// Loads the instance the operation is about and its share. When either is gone or the instance is no longer in
    /// <paramref name="expectedStatus"/> (an admin reset it, a restart already finished it), ends the operation and
    /// returns null; when its backend is no longer configured, calls <paramref name="fail"/> and returns null.
    /// </summary>
    public async Task<ShareWork?> LoadAsync(Operation operation, string expectedStatus, Func<string, Task> fail, CancellationToken cancellationToken)
    {
        var instance = await shares.FindInstanceAsync(operation.ResourceId, cancellationToken);
        var share = await shares.FindAsync(operation.ShareId, cancellationToken);
        if (instance is null || share is null || instance.Status != expectedStatus)
        {
            await AbandonAsync(operation, cancellationToken);
            return null;
        }

        var backend = backends.Find(instance.Backend);
        if (backend is null)
        {
            await fail($"The backend '{instance.Backend}' is no longer configured.");
            return null;
        }

        var type = share.ShareTypeId is null ? null : await shareTypes.FindByIdAsync(share.ShareTypeId, cancellationToken);
        var exports = await shares.ExportLocationsAsync([instance.Id], cancellationToken);
        return new ShareWork(share, instance, backend, DriverShares.For(share, instance, type, exports));
    }

    /// <summary>
    /// Runs <paramref name="write"/> and deletes the operation row, atomically, group-committed with the other
    /// writes of the moment (<see cref="WriteBatcher"/>: <paramref name="write"/> must use only the connection and
    /// transaction it is given).
    /// </summary>
    public Task CompleteAsync(Operation operation, Func<DbConnection, DbTransaction, Task> write, CancellationToken cancellationToken) =>
        writes.WriteAsync(async (connection, transaction) =>
        {
            await write(connection, transaction);
            await OperationRepository.DeleteAsync(connection, transaction, operation.Id, cancellationToken);
        }, cancellationToken);

    /// <summary>Moves the instance to an error (or back to a stable) status, records a user message, ends the operation.</summary>
    public Task FailAsync(Operation operation, string instanceId, IReadOnlyCollection<string> from, string to,
        string projectId, string actionId, string detailId, string? specifics, CancellationToken cancellationToken) =>
        CompleteAsync(operation, async (connection, transaction) =>
        {
            await ShareRepository.TransitionAsync(connection, transaction, instanceId, from, to, cancellationToken);
            await messages.RecordAsync(connection, transaction, projectId, operation.RequestId, ResourceTypes.Share, operation.ShareId,
                actionId, detailId, specifics, cancellationToken);
        }, cancellationToken);

    /// <summary>Ends an operation that has nothing left to do (its resource moved on or is gone).</summary>
    public Task AbandonAsync(Operation operation, CancellationToken cancellationToken) =>
        CompleteAsync(operation, (_, _) => Task.CompletedTask, cancellationToken);
}
