using Dapper;
using ShareHost.Abstractions;
using ShareHost.Features.Messages;
using ShareHost.Features.Shares;
using ShareHost.Persistence;

namespace ShareHost.Features.Backends;

/// <summary>
/// Manila's ensure_shares: after a start, ask each backend's driver about every instance the database says is
/// available there; refresh export locations, and put instances the backend lost into <c>error</c> with a message.
/// </summary>
public sealed class ShareReconciler(SqliteConnectionFactory connections, DriverInvoker drivers, MessageRepository messages, ILogger<ShareReconciler> logger)
{
    private const string AvailableOnBackend = """
        SELECT s.id, s.project_id, s.user_id, s.name, s.size, s.share_proto, s.share_type_id, s.created_at, s.fencing_token,
               i.id AS instance_id, i.status, i.backend, i.pool
        FROM share_instances i JOIN shares s ON s.id = i.share_id
        WHERE i.backend = @backend AND i.status = 'available'
        """;

    public async Task EnsureAsync(Backend backend, CancellationToken cancellationToken)
    {
        List<ShareRecord> shares;
        List<ExportLocationRecord> exports;
        await using (var connection = await connections.OpenAsync(cancellationToken))
        {
            shares = (await connection.QueryAsync<ShareRecord>(new CommandDefinition(
                AvailableOnBackend, new { backend = backend.Name }, cancellationToken: cancellationToken))).ToList();
            exports = (await connection.QueryAsync<ExportLocationRecord>(new CommandDefinition(
                "SELECT e.* FROM export_locations e JOIN share_instances i ON i.id = e.share_instance_id WHERE i.backend = @backend ORDER BY e.position",
                new { backend = backend.Name }, cancellationToken: cancellationToken))).ToList();
        }

        if (shares.Count == 0)
        {
            return;
        }

        var byInstance = shares.ToDictionary(s => s.InstanceId);
        var request = shares.Select(s => DriverShares.For(s, Instance(s), null, exports)).ToList();
        IReadOnlyList<EnsuredShare> results;
        try
        {
            results = await drivers.CallAsync(backend, "EnsureShares", (driver, ct) => driver.EnsureSharesAsync(request, ct), cancellationToken);
        }
        catch (DriverCallException e)
        {
            logger.LogError("Re-adopting {Count} shares on backend {Backend} failed: {Reason}; they keep their stored state",
                shares.Count, backend.Name, e.Message);
            return;
        }

        await using var write = await connections.OpenAsync(cancellationToken);
        await using var transaction = await SqliteConnectionFactory.BeginWriteAsync(write, cancellationToken);
        var lost = 0;
        foreach (var result in results.Where(r => byInstance.ContainsKey(r.Id)))
        {
            var share = byInstance[result.Id];
            if (result.Status == EnsureStatus.Available)
            {
                if (result.ExportLocations is { Count: > 0 } paths)
                {
                    await ShareRepository.ReplaceExportLocationsAsync(write, transaction, result.Id, paths, cancellationToken);
                }

                continue;
            }

            lost++;
            await ShareRepository.TransitionAsync(write, transaction, result.Id, [ShareStatus.Available], ShareStatus.Error, cancellationToken);
            await messages.RecordAsync(write, transaction, share.ProjectId, null, ResourceTypes.Share, share.Id,
                MessageCatalog.Action.Update, MessageCatalog.Detail.Unknown,
                result.Message ?? $"the backend reported the share {(result.Status == EnsureStatus.NotFound ? "missing" : "broken")} when ShareHost started",
                cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Backend {Backend}: re-adopted {Count} shares, {Lost} missing or broken", backend.Name, shares.Count - lost, lost);
    }

    private static ShareInstanceRecord Instance(ShareRecord share) => new()
    {
        Id = share.InstanceId,
        ShareId = share.Id,
        Status = share.Status,
        Backend = share.Backend,
        Pool = share.Pool,
    };
}
