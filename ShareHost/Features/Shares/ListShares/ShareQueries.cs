using System.Text;
using Dapper;
using Microsoft.Extensions.Options;
using ShareHost.Persistence;

namespace ShareHost.Features.Shares.ListShares;

/// <summary>The listing query: one page of shares with their primary instance, then their metadata in one more query.</summary>
public sealed class ShareQueries(SqliteConnectionFactory connections, IOptionsMonitor<ShareHostOptions> options)
{
    public async Task<(IReadOnlyList<ShareRecord> Page, int? Count)> ListAsync(ShareListQuery query, bool withExportLocations, CancellationToken cancellationToken)
    {
        if (query.NothingMatches)
        {
            return ([], query.Paging.WithCount ? 0 : null);
        }

        var parameters = new DynamicParameters();
        var where = Where(query, parameters, options.CurrentValue.HostName);
        var order = $"{query.Paging.SortKey} {(query.Paging.Descending ? "DESC" : "ASC")}, s.id {(query.Paging.Descending ? "DESC" : "ASC")}";
        parameters.Add("Limit", query.Paging.EffectiveLimit);
        parameters.Add("Offset", query.Paging.Offset);
        var join = query.Exact.Keys.Any(k => k.StartsWith("el.", StringComparison.Ordinal))
            ? " JOIN export_locations el ON el.share_instance_id = i.id"
            : "";

        var select = query.Paging.SortKey.StartsWith("s.", StringComparison.Ordinal) && join.Length == 0 && query.Host is null
                     && !query.Exact.Keys.Any(k => k.StartsWith("i.", StringComparison.Ordinal))
            ? ShareRepository.SelectSharesInShareOrder
            : ShareRepository.SelectShares;

        await using var connection = await connections.OpenAsync(cancellationToken);
        var page = (await connection.QueryAsync<ShareRecord>(new CommandDefinition(
            $"{select}{join} WHERE {where} ORDER BY {order} LIMIT @Limit OFFSET @Offset",
            parameters, cancellationToken: cancellationToken))).ToList();
        await ShareRepository.LoadMetadataAsync(connection, page, cancellationToken);
        if (withExportLocations)
        {
            await ShareRepository.LoadExportLocationsAsync(connection, page, cancellationToken);
        }

        int? count = null;
        if (query.Paging.WithCount)
        {
            count = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                $"SELECT COUNT(*) FROM shares s JOIN share_instances i ON i.share_id = s.id AND i.is_primary = 1{join} WHERE {where}",
                parameters, cancellationToken: cancellationToken));
        }

        return (page, count);
    }

    private static string Where(ShareListQuery query, DynamicParameters parameters, string hostName)
    {
        var where = new StringBuilder("1 = 1");
        if (query.ProjectId is not null)
        {
            where.Append(query.IncludePublic ? " AND (s.project_id = @ProjectId OR s.is_public = 1)" : " AND s.project_id = @ProjectId");
            parameters.Add("ProjectId", query.ProjectId);
        }

        var index = 0;
        foreach (var (column, value) in query.Exact)
        {
            where.Append($" AND {column} = @p{index}");
            parameters.Add($"p{index++}", value);
        }

        foreach (var (column, value) in query.Like)
        {
            where.Append($" AND {column} LIKE @p{index} ESCAPE '\\'");
            parameters.Add($"p{index++}", "%" + value.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%");
        }

        foreach (var (key, value) in query.Metadata)
        {
            where.Append($" AND EXISTS (SELECT 1 FROM share_metadata m WHERE m.share_id = s.id AND m.key = @p{index} AND m.value = @p{index + 1})");
            parameters.Add($"p{index++}", key);
            parameters.Add($"p{index++}", value);
        }

        foreach (var (key, value) in query.ExtraSpecs)
        {
            where.Append($" AND EXISTS (SELECT 1 FROM share_type_extra_specs x WHERE x.share_type_id = s.share_type_id AND x.key = @p{index} AND lower(x.value) = lower(@p{index + 1}))");
            parameters.Add($"p{index++}", key);
            parameters.Add($"p{index++}", value);
        }

        if (query.Host is not null)
        {
            // As Manila: the whole host@backend#pool, or host@backend for every pool of that backend. Not a prefix
            // match: "sharehost@dummy" must not select dummy1 and dummy2.
            where.Append($" AND @p{index} IN (@p{index + 1} || '@' || i.backend, @p{index + 1} || '@' || i.backend || '#' || i.pool)");
            parameters.Add($"p{index++}", query.Host);
            parameters.Add($"p{index++}", hostName);
        }

        return where.ToString();
    }
}
