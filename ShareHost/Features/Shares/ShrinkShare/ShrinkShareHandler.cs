using ShareHost.Features.Backends;
using ShareHost.Features.Messages;
using ShareHost.Features.Operations;
using ShareHost.Features.Replicas.Resize;

namespace ShareHost.Features.Shares.ShrinkShare;

/// <summary>
/// Asks the driver to shrink the instance. Success: available with the new size. A refusal because of the data in
/// use, or a driver that cannot shrink, leaves the share available (its size unchanged) with Manila's user message;
/// any other failure ends in <c>shrinking_error</c>. An instance no longer <c>shrinking</c> ends the operation untouched.
/// </summary>
public sealed class ShrinkShareHandler(
    DriverInvoker drivers,
    ShareOperationSupport support,
    ReplicaResizer replicas) : IOperationHandler
{
    private static readonly string[] Shrinking = [ShareStatus.Shrinking];

    public string Kind => ShrinkShareService.OperationKind;

    public async Task RunAsync(Operation operation, CancellationToken cancellationToken)
    {
        var work = await support.LoadAsync(operation, ShareStatus.Shrinking, message => FailAsync(operation, message, cancellationToken), cancellationToken);
        if (work is null)
        {
            return;
        }

        var newSize = operation.Read<ShrinkSharePayload>().NewSize;
        try
        {
            await drivers.CallAsync(work.Backend, "ShrinkShare",
                (driver, ct) => driver.ShrinkShareAsync(work.DriverShare, newSize, ct), cancellationToken);
        }
        catch (DriverCallException e) when (e.PossibleDataLoss)
        {
            await RefusedAsync(operation, MessageCatalog.Detail.ShrinkPossibleDataLoss, e.UserMessage, cancellationToken);
            return;
        }
        catch (DriverCallException e) when (e.NotSupported)
        {
            await RefusedAsync(operation, MessageCatalog.Detail.ShrinkNotSupported, e.UserMessage, cancellationToken);
            return;
        }
        catch (DriverCallException e)
        {
            await FailAsync(operation, e.UserMessage, cancellationToken);
            return;
        }

        await replicas.ResizeOthersAsync(operation, work.Instance.Id, newSize, extend: false, cancellationToken);
        await support.CompleteAsync(operation, async (connection, transaction) =>
        {
            if (await ShareRepository.TransitionAsync(connection, transaction, work.Instance.Id, Shrinking, ShareStatus.Available, cancellationToken))
            {
                await ShareRepository.SetSizeAsync(connection, transaction, work.Share.Id, newSize, cancellationToken);
            }
        }, cancellationToken);
    }

    public Task FailAsync(Operation operation, string userMessage, CancellationToken cancellationToken) =>
        support.FailAsync(operation, operation.ResourceId, Shrinking, ShareStatus.ShrinkingError, operation.ProjectId ?? "",
            MessageCatalog.Action.Shrink, MessageCatalog.Detail.Unknown, userMessage, cancellationToken);

    /// <summary>Nothing changed on the backend: back to available, with the reason for the owner.</summary>
    private Task RefusedAsync(Operation operation, string detailId, string userMessage, CancellationToken cancellationToken) =>
        support.FailAsync(operation, operation.ResourceId, Shrinking, ShareStatus.Available, operation.ProjectId ?? "",
            MessageCatalog.Action.Shrink, detailId, userMessage, cancellationToken);
}
