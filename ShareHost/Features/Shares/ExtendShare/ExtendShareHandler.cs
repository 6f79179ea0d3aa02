using ShareHost.Features.Backends;
using ShareHost.Features.Messages;
using ShareHost.Features.Operations;
using ShareHost.Features.ShareTypes;

namespace ShareHost.Features.Shares.ExtendShare;

/// <summary>
/// Asks the driver to grow the instance, then makes it available with the new size, or <c>extending_error</c> with a
/// user message. An instance that is no longer <c>extending</c> (reset by an admin, deleted) ends the operation untouched.
/// </summary>
public sealed class ExtendShareHandler(
    ShareRepository shares,
    ShareTypeRepository shareTypes,
    BackendRegistry backends,
    DriverInvoker drivers,
    ShareOperationSupport support) : IOperationHandler
{
    private static readonly string[] Extending = [ShareStatus.Extending];

    public string Kind => ExtendShareService.OperationKind;

    public async Task RunAsync(Operation operation, CancellationToken cancellationToken)
    {
        var instance = await shares.FindInstanceAsync(operation.ResourceId, cancellationToken);
        var share = await shares.FindAsync(operation.ShareId, cancellationToken);
        if (instance is null || share is null || instance.Status != ShareStatus.Extending)
        {
            await support.AbandonAsync(operation, cancellationToken);
            return;
        }

        var newSize = operation.Read<ExtendSharePayload>().NewSize;
        var backend = backends.Find(instance.Backend);
        if (backend is null)
        {
            await FailAsync(operation, $"The backend '{instance.Backend}' is no longer configured.", cancellationToken);
            return;
        }

        var type = share.ShareTypeId is null ? null : await shareTypes.FindByIdAsync(share.ShareTypeId, cancellationToken);
        var exports = await shares.ExportLocationsAsync([instance.Id], cancellationToken);
        try
        {
            await drivers.CallAsync(backend, "ExtendShare",
                (driver, ct) => driver.ExtendShareAsync(DriverShares.For(share, instance, type, exports), newSize, ct), cancellationToken);
        }
        catch (DriverCallException e)
        {
            await FailAsync(operation, e.UserMessage, cancellationToken);
            return;
        }

        await support.CompleteAsync(operation, async (connection, transaction) =>
        {
            if (await ShareRepository.TransitionAsync(connection, transaction, instance.Id, Extending, ShareStatus.Available, cancellationToken))
            {
                await ShareRepository.SetSizeAsync(connection, transaction, share.Id, newSize, cancellationToken);
            }
        }, cancellationToken);
    }

    public Task FailAsync(Operation operation, string userMessage, CancellationToken cancellationToken) =>
        support.FailAsync(operation, operation.ResourceId, Extending, ShareStatus.ExtendingError, operation.ProjectId ?? "",
            MessageCatalog.Action.Extend, MessageCatalog.Detail.DriverFailedExtend, userMessage, cancellationToken);
}
