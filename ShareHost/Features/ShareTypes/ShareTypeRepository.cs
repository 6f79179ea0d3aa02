using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using ShareHost.Api.Errors;
using ShareHost.Persistence;

namespace ShareHost.Features.ShareTypes;

public sealed class ShareTypeRepository(SqliteConnectionFactory connections)
{
    private const string SelectTypes = "SELECT id, name, description, is_public, created_at, updated_at FROM share_types";

    private const string SelectTypeWithSpecs = """
        SELECT id, name, description, is_public, created_at, updated_at,
               (SELECT json_group_object(key, value) FROM share_type_extra_specs WHERE share_type_id = share_types.id) AS specs
        FROM share_types
        """;

    private const string InsertType = """
        INSERT INTO share_types (id, name, description, is_public, created_at)
        VALUES (@Id, @Name, @Description, @IsPublic, @CreatedAt)
        """;

    private const string UpsertSpec = """
        INSERT INTO share_type_extra_specs (share_type_id, key, value) VALUES (@typeId, @key, @value)
        ON CONFLICT (share_type_id, key) DO UPDATE SET value = excluded.value
        """;

    private const string UpdateType = """
        UPDATE share_types
        SET name = coalesce(@name, name), description = coalesce(@description, description),
            is_public = coalesce(@isPublic, is_public), updated_at = @now
        WHERE id = @id
        """;

    private const string TouchType = "UPDATE share_types SET updated_at = @now WHERE id = @typeId";

    // SQLite's extended result code for a UNIQUE constraint failure.
    private const int UniqueViolation = 2067;

    public static async Task<bool> ExistsAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, string id, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM share_types WHERE id = @id", new { id }, transaction, cancellationToken: cancellationToken)) > 0;

    public Task<ShareType?> FindAsync(string nameOrId, CancellationToken cancellationToken = default) =>
        FindOneAsync("id = @key OR name = @key ORDER BY id = @key DESC LIMIT 1", nameOrId, cancellationToken);

    public Task<ShareType?> FindByIdAsync(string id, CancellationToken cancellationToken = default) =>
        FindOneAsync("id = @key", id, cancellationToken);

    public Task<ShareType?> FindByNameAsync(string name, CancellationToken cancellationToken = default) =>
        FindOneAsync("name = @key", name, cancellationToken);

    public async Task<IReadOnlyList<ShareType>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var types = (await connection.QueryAsync<ShareType>(new CommandDefinition(
            $"{SelectTypes} ORDER BY name", cancellationToken: cancellationToken))).ToList();
        await LoadSpecsAsync(connection, types, cancellationToken);
        return types;
    }

    /// <summary>
    /// Manila's <c>is_public</c> listing filter: true lists public types and the private ones
    /// <paramref name="projectId"/> may use, false lists only private types, null lists every type.
    /// </summary>
    public async Task<IReadOnlyList<ShareType>> ListAsync(bool? isPublic, string projectId, CancellationToken cancellationToken = default)
    {
        var where = isPublic switch
        {
            true => " WHERE is_public = 1 OR id IN (SELECT share_type_id FROM share_type_projects WHERE project_id = @projectId)",
            false => " WHERE is_public = 0",
            null => "",
        };
        await using var connection = await connections.OpenAsync(cancellationToken);
        var types = (await connection.QueryAsync<ShareType>(new CommandDefinition(
            $"{SelectTypes}{where} ORDER BY name", new { projectId }, cancellationToken: cancellationToken))).ToList();
        await LoadSpecsAsync(connection, types, cancellationToken);
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

    /// <summary>Stores a new type with its extra specs; a name already taken is a 409.</summary>
    public async Task CreateAsync(ShareType type, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection, cancellationToken);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(InsertType, type, transaction, cancellationToken: cancellationToken));
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == UniqueViolation)
        {
            throw NameTaken(type.Name);
        }

        await UpsertSpecsAsync(connection, transaction, type.Id, type.ExtraSpecs, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Changes the fields that are given (null leaves a field as it is); false when the type is gone.</summary>
    public async Task<bool> UpdateAsync(string id, string? name, string? description, bool? isPublic, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        try
        {
            return await connection.ExecuteAsync(new CommandDefinition(
                UpdateType, new { id, name, description, isPublic, now = DateTime.UtcNow }, cancellationToken: cancellationToken)) == 1;
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == UniqueViolation)
        {
            throw NameTaken(name ?? "");
        }
    }

    /// <summary>Deletes the type unless a share still uses it; the check and the delete are one transaction.</summary>
    public async Task<ShareTypeDeletion> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection, cancellationToken);
        var shares = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM shares WHERE share_type_id = @id", new { id }, transaction, cancellationToken: cancellationToken));
        if (shares > 0)
        {
            return new ShareTypeDeletion(false, shares);
        }

        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM share_types WHERE id = @id", new { id }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return new ShareTypeDeletion(deleted == 1, 0);
    }

    /// <summary>
    /// Adds or overwrites extra specs. The rules across specs (min ≤ max size) are checked on the merged set inside
    /// the write transaction, so two racing updates cannot leave a type that breaks them. Null when the type is gone.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>?> SetExtraSpecsAsync(string typeId, IReadOnlyDictionary<string, string> specs, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection, cancellationToken);
        if (await connection.ExecuteAsync(new CommandDefinition(TouchType, new { typeId, now = DateTime.UtcNow }, transaction, cancellationToken: cancellationToken)) == 0)
        {
            return null;
        }

        var merged = (await connection.QueryAsync<(string Key, string Value)>(new CommandDefinition(
                "SELECT key, value FROM share_type_extra_specs WHERE share_type_id = @typeId", new { typeId }, transaction, cancellationToken: cancellationToken)))
            .ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
        foreach (var (key, value) in specs)
        {
            merged[key] = value;
        }

        if (StandardExtraSpecs.CombinationProblem(merged) is { } problem)
        {
            throw new BadRequestException($"Invalid input for field 'extra_specs': {problem}");
        }

        await UpsertSpecsAsync(connection, transaction, typeId, specs, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return merged;
    }

    /// <summary>False when the type has no such spec.</summary>
    public async Task<bool> DeleteExtraSpecAsync(string typeId, string key, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection, cancellationToken);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM share_type_extra_specs WHERE share_type_id = @typeId AND key = @key", new { typeId, key }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(TouchType, new { typeId, now = DateTime.UtcNow }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return deleted == 1;
    }

    /// <summary>False when the project already had access.</summary>
    public async Task<bool> AddProjectAccessAsync(string typeId, string projectId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO share_type_projects (share_type_id, project_id) VALUES (@typeId, @projectId) ON CONFLICT DO NOTHING",
            new { typeId, projectId }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>False when the project had no access.</summary>
    public async Task<bool> RemoveProjectAccessAsync(string typeId, string projectId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM share_type_projects WHERE share_type_id = @typeId AND project_id = @projectId",
            new { typeId, projectId }, cancellationToken: cancellationToken)) == 1;
    }

    private static ConflictException NameTaken(string name) => new($"Share type with name {name} already exists.");

    private static async Task UpsertSpecsAsync(DbConnection connection, DbTransaction transaction, string typeId, IEnumerable<KeyValuePair<string, string>> specs, CancellationToken cancellationToken)
    {
        foreach (var (key, value) in specs)
        {
            await connection.ExecuteAsync(new CommandDefinition(UpsertSpec, new { typeId, key, value }, transaction, cancellationToken: cancellationToken));
        }
    }

    /// <summary>One type with its extra specs, in one statement (every share create looks its type up twice).</summary>
    private async Task<ShareType?> FindOneAsync(string condition, string key, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<TypeRow>(new CommandDefinition(
            $"{SelectTypeWithSpecs} WHERE {condition}", new { key }, cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }

        var type = new ShareType
        {
            Id = row.Id,
            Name = row.Name,
            Description = row.Description,
            IsPublic = row.IsPublic,
            CreatedAt = row.CreatedAt,
            UpdatedAt = row.UpdatedAt,
        };
        foreach (var (name, value) in System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(row.Specs) ?? [])
        {
            type.ExtraSpecs[name] = value;
        }

        return type;
    }

    private sealed class TypeRow
    {
        public string Id { get; init; } = "";

        public string Name { get; init; } = "";

        public string? Description { get; init; }

        public bool IsPublic { get; init; }

        public DateTime CreatedAt { get; init; }

        public DateTime? UpdatedAt { get; init; }

        public string Specs { get; init; } = "{}";
    }

    private static async Task LoadSpecsAsync(DbConnection connection, List<ShareType> types, CancellationToken cancellationToken)
    {
        if (types.Count == 0)
        {
            return;
        }

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
    }
}

/// <summary>The outcome of deleting a share type: whether it was deleted, and how many shares kept it from being.</summary>
public sealed record ShareTypeDeletion(bool Deleted, long SharesUsingIt);
