using Dapper;
using ShareHost.Persistence;

namespace ShareHost.Features.ShareTypes;

public sealed class ShareTypeRepository(SqliteConnectionFactory connections)
{
    private const string SelectTypes = "SELECT id, name, description, is_public, created_at, updated_at FROM share_types";

    public async Task<ShareType?> FindAsync(string nameOrId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var type = await connection.QuerySingleOrDefaultAsync<ShareType>(new CommandDefinition(
            $"{SelectTypes} WHERE id = @nameOrId OR name = @nameOrId ORDER BY id = @nameOrId DESC LIMIT 1",
            new { nameOrId }, cancellationToken: cancellationToken));
        return type is null ? null : await WithSpecsAsync(connection, type, cancellationToken);
    }

    public async Task<ShareType?> FindByIdAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var type = await connection.QuerySingleOrDefaultAsync<ShareType>(new CommandDefinition(
            $"{SelectTypes} WHERE id = @id", new { id }, cancellationToken: cancellationToken));
        return type is null ? null : await WithSpecsAsync(connection, type, cancellationToken);
    }

    public async Task<IReadOnlyList<ShareType>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var types = (await connection.QueryAsync<ShareType>(new CommandDefinition(
            $"{SelectTypes} ORDER BY name", cancellationToken: cancellationToken))).ToList();
        var specs = await connection.QueryAsync<(string ShareTypeId, string Key, string Value)>(new CommandDefinition(
            "SELECT share_type_id, key, value FROM share_type_extra_specs", cancellationToken: cancellationToken));
        var byType = specs.ToLookup(s => s.ShareTypeId);
        foreach (var type in types)
        {
            foreach (var spec in byType[type.Id])
            {
                type.ExtraSpecs[spec.Key] = spec.Value;
            }
        }

        return types;
    }

    /// <summary>Whether a project may use the type: public, or private with the project on its access list.</summary>
    public async Task<bool> IsAccessibleAsync(ShareType type, string projectId, CancellationToken cancellationToken = default)
    {
        if (type.IsPublic)
        {
            return true;
        }

        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM share_type_projects WHERE share_type_id = @Id AND project_id = @projectId",
            new { type.Id, projectId }, cancellationToken: cancellationToken)) > 0;
    }

    public async Task<IReadOnlyList<string>> ProjectsAsync(string typeId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT project_id FROM share_type_projects WHERE share_type_id = @typeId ORDER BY project_id",
            new { typeId }, cancellationToken: cancellationToken))).ToList();
    }

    private static async Task<ShareType> WithSpecsAsync(System.Data.Common.DbConnection connection, ShareType type, CancellationToken cancellationToken)
    {
        var specs = await connection.QueryAsync<(string Key, string Value)>(new CommandDefinition(
            "SELECT key, value FROM share_type_extra_specs WHERE share_type_id = @Id", new { type.Id }, cancellationToken: cancellationToken));
        foreach (var (key, value) in specs)
        {
            type.ExtraSpecs[key] = value;
        }

        return type;
    }
}
