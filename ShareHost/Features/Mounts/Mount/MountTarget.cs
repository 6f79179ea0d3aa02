using System.Text.Json;
using Dapper;
using ShareHost.Abstractions;
using ShareHost.Features.Shares;
using ShareHost.Features.ShareTypes;
using ShareHost.Persistence;

namespace ShareHost.Features.Mounts.Mount;

/// <summary>
/// What a mount needs of a share, in one query: owner, status, primary instance and backend, the preferred non-admin
/// export path, and (as JSON, only parsed when a driver picks) its export locations and type's extra specs.
/// </summary>
public sealed class MountTarget
{
    public string Id { get; init; } = "";

    public string ProjectId { get; init; } = "";

    public string UserId { get; init; } = "";

    public int Size { get; init; }

    public string ShareProto { get; init; } = "";

    public long FencingToken { get; init; }

    public string InstanceId { get; init; } = "";

    public string Status { get; init; } = "";

    public string? Backend { get; init; }

    public string? Pool { get; init; }

    /// <summary>The preferred path clients mount (admin-only paths never), or null when the instance has none.</summary>
    public string? ExportPath { get; init; }

    public string? Exports { get; init; }

    public string? ExtraSpecs { get; init; }

    /// <summary>The share as the driver's picker sees it, built the way every driver call builds it.</summary>
    public DriverShare ToDriverShare()
    {
        var share = new ShareRecord { Id = Id, ProjectId = ProjectId, Size = Size, ShareProto = ShareProto, FencingToken = FencingToken };
        var instance = new ShareInstanceRecord { Id = InstanceId, ShareId = Id, Pool = Pool };
        var type = new ShareType { ExtraSpecs = ExtraSpecs is null ? [] : JsonSerializer.Deserialize<Dictionary<string, string>>(ExtraSpecs) ?? [] };
        var exports = (Exports is null ? [] : JsonSerializer.Deserialize<List<StoredExport>>(Exports) ?? [])
            .Select(e => new ExportLocationRecord { Id = e.Id, ShareInstanceId = InstanceId, Path = e.Path, Preferred = e.Preferred != 0, IsAdminOnly = e.IsAdminOnly != 0 })
            .ToList();
        return DriverShares.For(share, instance, type, exports);
    }

    private sealed record StoredExport(
        [property: System.Text.Json.Serialization.JsonPropertyName("id")] string Id,
        [property: System.Text.Json.Serialization.JsonPropertyName("path")] string Path,
        [property: System.Text.Json.Serialization.JsonPropertyName("preferred")] long Preferred,
        [property: System.Text.Json.Serialization.JsonPropertyName("is_admin_only")] long IsAdminOnly);
}

public sealed class MountTargets(SqliteConnectionFactory connections)
{
    private const string FindSql = """
        SELECT s.id, s.project_id, s.user_id, s.size, s.share_proto, s.fencing_token,
               i.id AS instance_id, i.status, i.backend, i.pool,
               (SELECT path FROM export_locations e WHERE e.share_instance_id = i.id AND e.is_admin_only = 0
                ORDER BY e.preferred DESC, e.position LIMIT 1) AS export_path,
               (SELECT json_group_array(json_object('id', e.id, 'path', e.path, 'preferred', e.preferred, 'is_admin_only', e.is_admin_only))
                FROM (SELECT id, path, preferred, is_admin_only FROM export_locations WHERE share_instance_id = i.id ORDER BY position) e) AS exports,
               (SELECT json_group_object(x.key, x.value) FROM share_type_extra_specs x WHERE x.share_type_id = s.share_type_id) AS extra_specs
        FROM shares s JOIN share_instances i ON i.share_id = s.id AND i.is_primary = 1
        WHERE s.id = @id
        """;

    public async Task<MountTarget?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<MountTarget>(new CommandDefinition(FindSql, new { id }, cancellationToken: cancellationToken));
    }
}
