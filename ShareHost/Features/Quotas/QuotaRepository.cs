using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Options;
using ShareHost.Api.Errors;

namespace ShareHost.Features.Quotas;

/// <summary>
/// Quota limits (project overrides over configured defaults) and usage counted from live rows inside the caller's
/// write transaction, so two racing creates cannot both squeeze under the limit.
/// </summary>
public sealed class QuotaRepository(IOptionsMonitor<QuotaOptions> options)
{
    private const string UsageSql = """
        SELECT COUNT(*) AS shares,
               COALESCE(SUM(size), 0)
               + COALESCE((SELECT SUM(CAST(json_extract(o.payload, '$.NewSize') AS INTEGER) - s2.size)
                           FROM operations o JOIN shares s2 ON s2.id = o.share_id
                           WHERE o.kind = 'extend_share' AND s2.project_id = @projectId), 0) AS gigabytes,
               (SELECT COUNT(*) FROM snapshots WHERE project_id = @projectId) AS snapshots,
               (SELECT COALESCE(SUM(size), 0) FROM snapshots WHERE project_id = @projectId) AS snapshot_gigabytes,
               (SELECT COUNT(*) FROM share_instances ri JOIN shares rs ON rs.id = ri.share_id
                WHERE rs.project_id = @projectId AND ri.replica_state IS NOT NULL) AS share_replicas,
               (SELECT COALESCE(SUM(rs.size), 0) FROM share_instances ri JOIN shares rs ON rs.id = ri.share_id
                WHERE rs.project_id = @projectId AND ri.replica_state IS NOT NULL)
               + COALESCE((SELECT SUM((CAST(json_extract(o.payload, '$.NewSize') AS INTEGER) - s2.size)
                                      * (SELECT COUNT(*) FROM share_instances r2 WHERE r2.share_id = s2.id AND r2.replica_state IS NOT NULL))
                           FROM operations o JOIN shares s2 ON s2.id = o.share_id
                           WHERE o.kind = 'extend_share' AND s2.project_id = @projectId), 0) AS replica_gigabytes
        FROM shares WHERE project_id = @projectId
        """;

    private const string UpsertSql = """
        INSERT INTO quotas (project_id, resource, hard_limit) VALUES (@projectId, @resource, @limit)
        ON CONFLICT (project_id, resource) DO UPDATE SET hard_limit = excluded.hard_limit
        """;

    public async Task<Dictionary<string, int>> LimitsAsync(DbConnection connection, DbTransaction? transaction, string projectId, CancellationToken cancellationToken = default)
    {
        var limits = Defaults();
        var overrides = await connection.QueryAsync<(string Resource, int HardLimit)>(new CommandDefinition(
            "SELECT resource, hard_limit FROM quotas WHERE project_id = @projectId", new { projectId }, transaction, cancellationToken: cancellationToken));
        foreach (var (resource, limit) in overrides)
        {
            limits[resource] = limit;
        }

        return limits;
    }

    /// <summary>The configured defaults for every resource (what a project without overrides gets).</summary>
    public Dictionary<string, int> Defaults()
    {
        var defaults = options.CurrentValue;
        return QuotaOptions.Resources.ToDictionary(r => r, defaults.Default);
    }

    /// <summary>Stores project overrides; resources not named keep their current limit.</summary>
    public static Task SetAsync(DbConnection connection, DbTransaction transaction, string projectId, IReadOnlyDictionary<string, int> limits, CancellationToken cancellationToken = default) =>
        connection.ExecuteAsync(new CommandDefinition(UpsertSql,
            limits.Select(l => new { projectId, resource = l.Key, limit = l.Value }), transaction, cancellationToken: cancellationToken));

    /// <summary>Removes every override of a project: it is back to the defaults.</summary>
    public static Task ResetAsync(DbConnection connection, DbTransaction? transaction, string projectId, CancellationToken cancellationToken = default) =>
        connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM quotas WHERE project_id = @projectId", new { projectId }, transaction, cancellationToken: cancellationToken));

    public async Task<Dictionary<string, int>> UsageAsync(DbConnection connection, DbTransaction? transaction, string projectId, CancellationToken cancellationToken = default)
    {
        var usage = await connection.QuerySingleAsync<(long Shares, long Gigabytes, long Snapshots, long SnapshotGigabytes, long ShareReplicas, long ReplicaGigabytes)>(new CommandDefinition(
            UsageSql, new { projectId }, transaction, cancellationToken: cancellationToken));
        var result = QuotaOptions.Resources.ToDictionary(r => r, _ => 0);
        result["shares"] = (int)usage.Shares;
        result["gigabytes"] = (int)usage.Gigabytes;
        result["snapshots"] = (int)usage.Snapshots;
        result["snapshot_gigabytes"] = (int)usage.SnapshotGigabytes;
        result["share_replicas"] = (int)usage.ShareReplicas;
        result["replica_gigabytes"] = (int)usage.ReplicaGigabytes;
        return result;
    }

    /// <summary>Throws 413 (Manila's QuotaError) when adding the shares and gigabytes would exceed a limit.</summary>
    public async Task EnsureShareQuotaAsync(DbConnection connection, DbTransaction transaction, string projectId, int addShares, int addGigabytes, int resultingShareSize, CancellationToken cancellationToken = default)
    {
        var limits = await LimitsAsync(connection, transaction, projectId, cancellationToken);
        if (limits["per_share_gigabytes"] >= 0 && resultingShareSize > limits["per_share_gigabytes"])
        {
            throw new BadRequestException(
                $"Invalid input for field 'size': share size {resultingShareSize} GiB exceeds the per-share limit of {limits["per_share_gigabytes"]} GiB.");
        }

        // Counting usage reads every share of the project: skip it when no limit it could hit applies.
        var sharesLimited = addShares > 0 && limits["shares"] >= 0;
        var gigabytesLimited = addGigabytes > 0 && limits["gigabytes"] >= 0;
        if (!sharesLimited && !gigabytesLimited)
        {
            return;
        }

        var usage = await UsageAsync(connection, transaction, projectId, cancellationToken);
        if (addShares > 0 && limits["shares"] >= 0 && (long)usage["shares"] + addShares > limits["shares"])
        {
            throw new OverLimitException(
                $"Maximum number of shares allowed ({limits["shares"]}) exceeded: project {projectId} has {usage["shares"]}.");
        }

        if (addGigabytes > 0 && limits["gigabytes"] >= 0 && (long)usage["gigabytes"] + addGigabytes > limits["gigabytes"])
        {
            throw new OverLimitException(
                $"Requested share exceeds allowed project gigabytes quota: requested {addGigabytes} GiB, used {usage["gigabytes"]} GiB of {limits["gigabytes"]} GiB.");
        }
    }

    /// <summary>Throws 413 (Manila's SnapshotLimitExceeded / SnapshotSizeExceedsAvailableQuota) when a new snapshot would exceed a limit.</summary>
    public async Task EnsureSnapshotQuotaAsync(DbConnection connection, DbTransaction transaction, string projectId, int addSnapshots, int addGigabytes, CancellationToken cancellationToken = default)
    {
        var limits = await LimitsAsync(connection, transaction, projectId, cancellationToken);
        var usage = await UsageAsync(connection, transaction, projectId, cancellationToken);
        if (addSnapshots > 0 && limits["snapshots"] >= 0 && (long)usage["snapshots"] + addSnapshots > limits["snapshots"])
        {
            throw new OverLimitException(
                $"Maximum number of snapshots allowed ({limits["snapshots"]}) exceeded: project {projectId} has {usage["snapshots"]}.");
        }

        if (addGigabytes > 0 && limits["snapshot_gigabytes"] >= 0 && (long)usage["snapshot_gigabytes"] + addGigabytes > limits["snapshot_gigabytes"])
        {
            throw new OverLimitException(
                $"Requested snapshot exceeds allowed project snapshot_gigabytes quota: requested {addGigabytes} GiB, used {usage["snapshot_gigabytes"]} GiB of {limits["snapshot_gigabytes"]} GiB.");
        }
    }

    /// <summary>
    /// Throws 413 (Manila's ShareReplicasLimitExceeded / ShareReplicaSizeExceedsAvailableQuota) when adding replicas
    /// (a new replica, the first instance of a replicated share) or their gigabytes (an extend, times the replicas) would
    /// exceed <c>share_replicas</c> or <c>replica_gigabytes</c>.
    /// </summary>
    public async Task EnsureReplicaQuotaAsync(DbConnection connection, DbTransaction transaction, string projectId, int addReplicas, int addGigabytes, CancellationToken cancellationToken = default)
    {
        var limits = await LimitsAsync(connection, transaction, projectId, cancellationToken);
        var usage = await UsageAsync(connection, transaction, projectId, cancellationToken);
        if (addReplicas > 0 && limits["share_replicas"] >= 0 && (long)usage["share_replicas"] + addReplicas > limits["share_replicas"])
        {
            throw new OverLimitException(
                $"Maximum number of allowed share-replicas ({limits["share_replicas"]}) is exceeded: project {projectId} has {usage["share_replicas"]}.");
        }

        if (addGigabytes > 0 && limits["replica_gigabytes"] >= 0 && (long)usage["replica_gigabytes"] + addGigabytes > limits["replica_gigabytes"])
        {
            throw new OverLimitException(
                $"Requested share replica exceeds allowed project replica_gigabytes quota: requested {addGigabytes} GiB, used {usage["replica_gigabytes"]} GiB of {limits["replica_gigabytes"]} GiB.");
        }
    }
}
