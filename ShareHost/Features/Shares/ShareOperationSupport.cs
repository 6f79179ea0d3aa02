using System.Data.Common;
using ShareHost.Features.Messages;
using ShareHost.Features.Operations;
using ShareHost.Persistence;

namespace ShareHost.Features.Shares;

/// <summary>What every share operation handler does to finish: write the outcome and end the operation in one transaction.</summary>
public sealed class ShareOperationSupport(SqliteConnectionFactory connections, MessageRepository messages)
{
    /// <summary>Runs <paramref name="write"/> and deletes the operation row, atomically.</summary>
    public async Task CompleteAsync(Operation operation, Func<DbConnection, DbTransaction, Task> write, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection, cancellationToken);
        await write(connection, transaction);
        await OperationRepository.DeleteAsync(connection, transaction, operation.Id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

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
