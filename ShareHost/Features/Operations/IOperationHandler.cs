namespace ShareHost.Features.Operations;

/// <summary>
/// Runs one kind of operation. <see cref="RunAsync"/> must end the operation (delete its row) in the transaction
/// that writes the final status, and must be safe to run again after a crash at any point.
/// </summary>
public interface IOperationHandler
{
    string Kind { get; }

    Task RunAsync(Operation operation, CancellationToken cancellationToken);

    /// <summary>
    /// Called when <see cref="RunAsync"/> threw something it did not handle: put the resource in its error status,
    /// record a user message and end the operation, so nothing stays transitional.
    /// </summary>
    Task FailAsync(Operation operation, string userMessage, CancellationToken cancellationToken);
}
