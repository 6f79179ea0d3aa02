using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace ShareHost.Persistence;

/// <summary>
/// Group commit for the hot write paths (share create, operation completion, access changes). Writes queued by many
/// requests at once run one after another in ONE SQLite transaction, each inside a savepoint of its own, and every
/// caller is answered when that transaction has committed. A write that throws is rolled back to its savepoint alone
/// and its caller gets the exception; the others commit. Under load, N writes cost one BEGIN IMMEDIATE, one COMMIT
/// and one WAL append instead of N, and requests no longer hand SQLite's single write lock to each other one by one
/// (each hand-over waits for a thread-pool thread while every request competes for the cores).
/// </summary>
/// <remarks>
/// A write runs on the batch's connection and transaction and must do all its work through them: opening another
/// connection to write, or calling <see cref="SqliteConnectionFactory.BeginWriteAsync"/>, would wait for the write
/// lock this batch holds. It must not wait on anything slow (drivers, HTTP): the whole batch waits with it.
/// </remarks>
public sealed class WriteBatcher : IAsyncDisposable
{
    private const int MaxBatch = 256;
    private const string Savepoint = "batched_write";

    private readonly SqliteConnectionFactory _connections;
    private readonly ILogger<WriteBatcher> _logger;
    private readonly Channel<IBatchedWrite> _queue = Channel.CreateUnbounded<IBatchedWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public WriteBatcher(SqliteConnectionFactory connections, ILogger<WriteBatcher> logger)
    {
        _connections = connections;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Runs <paramref name="write"/> in the next batch; completes with its result once the batch has committed.</summary>
    public Task<T> WriteAsync<T>(Func<SqliteConnection, DbTransaction, Task<T>> write, CancellationToken cancellationToken = default)
    {
        var item = new BatchedWrite<T>(write, cancellationToken);
        return _queue.Writer.TryWrite(item) ? item.Completion.Task : Task.FromException<T>(new OperationCanceledException("ShareHost is stopping."));
    }

    /// <summary>As <see cref="WriteAsync{T}"/> for a write without a result.</summary>
    public Task WriteAsync(Func<SqliteConnection, DbTransaction, Task> write, CancellationToken cancellationToken = default) =>
        WriteAsync<bool>(async (connection, transaction) =>
        {
            await write(connection, transaction);
            return true;
        }, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    private async Task RunAsync()
    {
        var batch = new List<IBatchedWrite>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                if (item.CancellationToken.IsCancellationRequested)
                {
                    item.Fail(new OperationCanceledException(item.CancellationToken));
                    continue;
                }

                batch.Add(item);
            }

            if (batch.Count > 0)
            {
                await CommitAsync(batch);
                batch.Clear();
            }
        }
    }

    private async Task CommitAsync(List<IBatchedWrite> batch)
    {
        var done = new List<IBatchedWrite>(batch.Count);
        try
        {
            await using var connection = await _connections.OpenAsync();
            await using var transaction = (SqliteTransaction)await SqliteConnectionFactory.BeginWriteAsync(connection);
            // A batch of one needs no savepoint: if it fails, the whole transaction is rolled back.
            var isolate = batch.Count > 1;
            foreach (var item in batch)
            {
                if (isolate)
                {
                    transaction.Save(Savepoint);
                }

                try
                {
                    await item.RunAsync(connection, transaction);
                    if (isolate)
                    {
                        transaction.Release(Savepoint);
                    }

                    done.Add(item);
                }
                catch (Exception e)
                {
                    if (isolate)
                    {
                        transaction.Rollback(Savepoint);
                        transaction.Release(Savepoint);
                    }

                    item.Fail(e);
                }
            }

            if (done.Count > 0)
            {
                await transaction.CommitAsync();
            }
        }
        catch (Exception e)
        {
            _logger.LogError(e, "A batch of {Count} writes could not be committed", batch.Count);
            // Every write of the batch not answered yet fails with it (one that failed alone keeps its own exception).
            foreach (var item in batch)
            {
                item.Fail(e);
            }

            return;
        }

        foreach (var item in done)
        {
            item.Succeed();
        }
    }

    private interface IBatchedWrite
    {
        CancellationToken CancellationToken { get; }

        Task RunAsync(SqliteConnection connection, DbTransaction transaction);

        void Succeed();

        void Fail(Exception exception);
    }

    private sealed class BatchedWrite<T>(Func<SqliteConnection, DbTransaction, Task<T>> write, CancellationToken cancellationToken) : IBatchedWrite
    {
        private T? _result;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationToken CancellationToken => cancellationToken;

        public async Task RunAsync(SqliteConnection connection, DbTransaction transaction) => _result = await write(connection, transaction);

        public void Succeed() => Completion.TrySetResult(_result!);

        public void Fail(Exception exception) => Completion.TrySetException(exception);
    }
}
