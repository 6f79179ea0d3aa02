using ShareHost.Features.Backends;
using ShareHost.Features.Messages;
using ShareHost.Features.Operations;
using ShareHost.Features.Replicas.Resize;

namespace ShareHost.Features.Shares.ExtendShare;

/// <summary>
/// Asks the driver to grow the instance, then makes it available with the new size, or <c>extending_error</c> with a
/// user message. An instance that is no longer <c>extending</c> (reset by an admin, deleted) ends the operation untouched.
/// </summary>
public sealed class ExtendShareHandler(
    DriverInvoker drivers,
    ShareOperationSupport support,
    ReplicaResizer replicas) : IOperationHandler
{
    private static readonly string[] Extending = [ShareStatus.Extending];

    public string Kind => ExtendShareService.OperationKind;

    public async Task RunAsync(Operation operation, CancellationToken cancellationToken)
    {
        var work = await support.LoadAsync(operation, ShareStatus.Extending, message => FailAsync(operation, message, cancellationToken), cancellationToken);
        if (work is null)
        {
            return;
        }

        var newSize = operation.Read<ExtendSharePayload>().NewSize;
        try
        {
            await drivers.CallAsync(work.Backend, "ExtendShare",
                (driver, ct) => driver.ExtendShareAsync(work.DriverShare, newSize, ct), cancellationToken);
        }
        catch (DriverCallException e)
        {
            await FailAsync(operation, e.UserMessage, cancellationToken);
            return;
        }

        await replicas.ResizeOthersAsync(operation, work.Instance.Id, newSize, extend: true, cancellationToken);
        await support.CompleteAsync(operation, async (connection, transaction) =>
        {
            if (await ShareRepository.TransitionAsync(connection, transaction, work.Instance.Id, Extending, ShareStatus.Available, cancellationToken))
            {
                await ShareRepository.SetSizeAsync(connection, transaction, work.Share.Id, newSize, cancellationToken);
            }
        }, cancellationToken);
    }

    public Task FailAsync(Operation operation, string userMessage, CancellationToken cancellationToken) =>
        support.FailAsync(operation, operation.ResourceId, Extending, ShareStatus.ExtendingError, operation.ProjectId ?? "",
            MessageCatalog.Action.Extend, MessageCatalog.Detail.DriverFailedExtend, userMessage, cancellationToken);
}
