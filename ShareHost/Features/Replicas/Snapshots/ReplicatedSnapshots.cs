using System.Data.Common;
using Dapper;
using ShareHost.Abstractions;
using ShareHost.Features.Backends;
using ShareHost.Features.Shares;
using ShareHost.Features.Snapshots;
using ShareHost.Persistence;

namespace ShareHost.Features.Replicas.Snapshots;

/// <summary>
/// Snapshots of a replicated share (Manila's replicated snapshots): one snapshot instance per replica, taken and deleted
/// in one call to the ACTIVE replica's driver, which makes the snapshot exist on every other replica. The snapshot
/// shows the active replica's instance, so it stays visible, with its data, after a promotion.
/// </summary>
public sealed class ReplicatedSnapshots(ReplicaDrivers replicas, SnapshotDrivers snapshots, SqliteConnectionFactory connections)
{
    private const string InsertInstance = """
        INSERT INTO snapshot_instances (id, snapshot_id, share_instance_id, status, progress, created_at)
        VALUES (@Id, @SnapshotId, @ShareInstanceId, 'creating', '0%', @Now)
        """;

    private const string SelectOtherInstances = """
        SELECT si.id, si.share_instance_id FROM snapshot_instances si
        WHERE si.snapshot_id = @snapshotId AND si.id <> @activeInstanceId
        """;

    private const string MarkInstance = """
        UPDATE snapshot_instances SET status = @status, progress = @progress, provider_location = COALESCE(@providerLocation, provider_location),
               updated_at = @now
        WHERE id = @id AND status = 'creating'
        """;

    /// <summary>
    /// Gives a new snapshot (<paramref name="snapshotId"/>, whose first instance is on <paramref name="activeInstanceId"/>)
    /// a <c>creating</c> instance on every other available replica. Call in the transaction that inserts the snapshot.
    /// </summary>
    public static async Task AddReplicaInstancesAsync(DbConnection connection, DbTransaction transaction, string snapshotId, string shareId,
        string activeInstanceId, CancellationToken cancellationToken)
    {
        var others = (await ReplicaRepository.ForShareAsync(connection, transaction, shareId, cancellationToken))
            .Where(r => r.Id != activeInstanceId && r.Backend is not null && r.Status == ShareStatus.Available);
        foreach (var replica in others)
        {
            await InsertAsync(connection, transaction, snapshotId, replica.Id, cancellationToken);
        }
    }

    /// <summary>Gives a new replica a <c>creating</c> instance of each of the share's snapshots (its driver seeds them).</summary>
    public static async Task AddForNewReplicaAsync(DbConnection connection, DbTransaction transaction, string shareId, string replicaId, CancellationToken cancellationToken)
    {
        foreach (var snapshot in await SnapshotRepository.ForShareAsync(connection, transaction, shareId, cancellationToken))
        {
            await InsertAsync(connection, transaction, snapshot.Id, replicaId, cancellationToken);
        }
    }

    /// <summary>Marks the new replica's snapshot instances as its creation went: available, or error.</summary>
    public static Task SettleForReplicaAsync(DbConnection connection, DbTransaction transaction, string replicaId, bool created, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition("""
            UPDATE snapshot_instances SET status = @status, progress = @progress, updated_at = @now
            WHERE share_instance_id = @replicaId AND status = 'creating'
            """, new { replicaId, status = created ? "available" : "error", progress = created ? "100%" : "0%", now = DateTime.UtcNow },
            transaction, cancellationToken: cancellationToken));

    /// <summary>Removes a replica's snapshot instances (rows only; the replica's driver call removes the data).</summary>
    public static Task DeleteForReplicaAsync(DbConnection connection, DbTransaction transaction, string replicaId, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM snapshot_instances WHERE share_instance_id = @replicaId", new { replicaId }, transaction, cancellationToken: cancellationToken));

    /// <summary>The snapshot's instances on replicas other than the active one; none for a snapshot of a share without replicas.</summary>
    public async Task<IReadOnlyList<(string Id, string ShareInstanceId)>> OthersAsync(SnapshotRecord snapshot, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<(string, string)>(new CommandDefinition(
            SelectOtherInstances, new { snapshotId = snapshot.Id, activeInstanceId = snapshot.InstanceId }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Takes the snapshot on every replica through the active replica's driver; the active one's result and the others'.</summary>
    public async Task<(SnapshotResult Active, IReadOnlyList<ReplicaSnapshotResult> Others)> CreateAsync(SnapshotRecord snapshot,
        IReadOnlyList<(string Id, string ShareInstanceId)> others, CancellationToken cancellationToken)
    {
        var request = await RequestAsync(snapshot, others, cancellationToken);
        var results = await replicas.CallAsync(snapshot.Backend, "CreateReplicatedSnapshot",
            (driver, ct) => driver.CreateReplicatedSnapshotAsync(request, ct), cancellationToken);
        var active = results.FirstOrDefault(r => r.SnapshotInstanceId == snapshot.InstanceId);
        if (active is { Available: false })
        {
            throw new DriverCallException($"snapshot {snapshot.Id} not taken on the active replica",
                active.Message ?? "The snapshot could not be taken on the active replica.");
        }

        return (new SnapshotResult { ProviderLocation = active?.ProviderLocation }, results.Where(r => r.SnapshotInstanceId != snapshot.InstanceId).ToList());
    }

    /// <summary>Marks the other replicas' instances as the driver reported (unreported ones: error). Call in the completing transaction.</summary>
    public static async Task MarkOthersAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<(string Id, string ShareInstanceId)> others,
        IReadOnlyList<ReplicaSnapshotResult> results, CancellationToken cancellationToken)
    {
        foreach (var (id, _) in others)
        {
            var result = results.FirstOrDefault(r => r.SnapshotInstanceId == id);
            var available = result?.Available == true;
            await connection.ExecuteAsync(new CommandDefinition(MarkInstance, new
            {
                id,
                status = available ? "available" : "error",
                progress = available ? "100%" : "0%",
                providerLocation = result?.ProviderLocation,
                now = DateTime.UtcNow,
            }, transaction, cancellationToken: cancellationToken));
        }
    }

    /// <summary>A failed replicated create: the other replicas' instances still creating go to error.</summary>
    public async Task FailOthersAsync(SnapshotRecord snapshot, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE snapshot_instances SET status = 'error', updated_at = @now
            WHERE snapshot_id = @snapshotId AND id <> @activeInstanceId AND status = 'creating'
            """, new { snapshotId = snapshot.Id, activeInstanceId = snapshot.InstanceId, now = DateTime.UtcNow }, cancellationToken: cancellationToken));
    }

    /// <summary>Deletes the snapshot from every replica through the active replica's driver.</summary>
    public async Task DeleteAsync(SnapshotRecord snapshot, IReadOnlyList<(string Id, string ShareInstanceId)> others, CancellationToken cancellationToken)
    {
        var request = await RequestAsync(snapshot, others, cancellationToken);
        await replicas.CallAsync(snapshot.Backend, "DeleteReplicatedSnapshot", async (driver, ct) =>
        {
            await driver.DeleteReplicatedSnapshotAsync(request, ct);
            return true;
        }, cancellationToken);
    }

    private async Task<ReplicatedSnapshotRequest> RequestAsync(SnapshotRecord snapshot, IReadOnlyList<(string Id, string ShareInstanceId)> others,
        CancellationToken cancellationToken)
    {
        var (_, active) = await snapshots.ResolveAsync(snapshot, cancellationToken);
        var set = await replicas.LoadAsync(snapshot.ShareId, cancellationToken)
            ?? throw new DriverCallException($"share {snapshot.ShareId} is gone", $"Share {snapshot.ShareId} no longer exists.");
        return new ReplicatedSnapshotRequest
        {
            ActiveSnapshot = active,
            ReplicaSnapshots = others.Where(o => set.Replicas.Any(r => r.Share.Id == o.ShareInstanceId)).Select(o => new DriverSnapshot
            {
                Id = o.Id,
                SnapshotId = snapshot.Id,
                Name = "snapshot-" + o.Id,
                Share = set.Get(o.ShareInstanceId).Share,
                SizeGb = snapshot.Size,
            }).ToList(),
            Replicas = set.Replicas,
        };
    }

    private static Task<int> InsertAsync(DbConnection connection, DbTransaction transaction, string snapshotId, string shareInstanceId, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(InsertInstance,
            new { Id = Guid.NewGuid().ToString(), SnapshotId = snapshotId, ShareInstanceId = shareInstanceId, Now = DateTime.UtcNow },
            transaction, cancellationToken: cancellationToken));
}
