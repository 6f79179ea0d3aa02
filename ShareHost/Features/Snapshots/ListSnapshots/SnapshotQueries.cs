using System.Text;
using Dapper;
using ShareHost.Persistence;

namespace ShareHost.Features.Snapshots.ListSnapshots;

/// <summary>The listing query: one page of snapshots with their instance, then their metadata in one more query.</summary>
public sealed class SnapshotQueries(SqliteConnectionFactory connections)
{
    public async Task<IReadOnlyList<SnapshotRecord>> ListAsync(SnapshotListQuery query, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters();
        var where = Where(query, parameters);
        var direction = query.Paging.Descending ? "DESC" : "ASC";
        parameters.Add("Limit", query.Paging.EffectiveLimit);
        parameters.Add("Offset", query.Paging.Offset);

        await using var connection = await connections.OpenAsync(cancellationToken);
        var page = (await connection.QueryAsync<SnapshotRecord>(new CommandDefinition(
            $"{SnapshotRepository.SelectSnapshots} WHERE {where} ORDER BY {query.Paging.SortKey} {direction}, sn.id {direction} LIMIT @Limit OFFSET @Offset",
            parameters, cancellationToken: cancellationToken))).ToList();
        await SnapshotRepository.LoadMetadataAsync(connection, page, cancellationToken);
        return page;
    }

    private static string Where(SnapshotListQuery query, DynamicParameters parameters)
    {
        var where = new StringBuilder("1 = 1");
        if (query.ProjectId is not null)
        {
            where.Append(" AND sn.project_id = @ProjectId");
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
            where.Append($" AND EXISTS (SELECT 1 FROM snapshot_metadata m WHERE m.snapshot_id = sn.id AND m.key = @p{index} AND m.value = @p{index + 1})");
            parameters.Add($"p{index++}", key);
            parameters.Add($"p{index++}", value);
        }

        if (query.Used is { } used)
        {
            where.Append(used ? " AND" : " AND NOT").Append(" EXISTS (SELECT 1 FROM shares u WHERE u.snapshot_id = sn.id)");
        }

        return where.ToString();
    }
}
