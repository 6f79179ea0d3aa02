using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Dapper;
using ShareHost.Abstractions;
using ShareHost.Features.Shares;
using ShareHost.Features.ShareTypes;
using ShareHost.Persistence;

namespace ShareHost.Features.Mounts.Mount;

/// <summary>
/// What a mount needs of a share beyond the record the action dispatcher already loaded: the path clients mount,
/// and (only when a driver picks the address) the share as the driver sees it, with its type's extra specs. Those
/// are remembered per share type for two seconds: a picker may see a spec change that late, and the hot path saves
/// a database read per mount.
/// </summary>
public sealed class MountTargets(SqliteConnectionFactory connections)
{
    private const string ExtraSpecsSql = "SELECT key, value FROM share_type_extra_specs WHERE share_type_id = @shareTypeId";

    private static readonly TimeSpan SpecsMaxAge = TimeSpan.FromSeconds(2);

    private static readonly Dictionary<string, string> NoSpecs = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, (long At, Dictionary<string, string> Specs)> _specs = new(StringComparer.Ordinal);

    private readonly ConditionalWeakTable<ShareRecord, DriverShareTemplate> _templates = [];

    /// <summary>The preferred export path of the share's primary instance that non-admins may use, or null.</summary>
    public static string? ExportPath(ShareRecord share)
    {
        ExportLocationRecord? chosen = null;
        foreach (var location in share.ExportLocations)
        {
            // The first preferred one, else the first: what a stable sort on "preferred" would put first.
            if (location.ShareInstanceId == share.InstanceId && !location.IsAdminOnly && (chosen is null || (location.Preferred && !chosen.Preferred)))
            {
                chosen = location;
            }
        }

        return chosen?.Path;
    }

    /// <summary>
    /// The share as the driver's picker sees it, built the way every driver call builds it: once per cached row and
    /// spec set (the row cache hands out the same record until the share changes), then copied with the mount's token.
    /// </summary>
    /// <param name="latestToken">The highest fencing token granted since <paramref name="share"/> was read, if higher.</param>
    public async ValueTask<DriverShare> DriverShareAsync(ShareRecord share, long latestToken, CancellationToken cancellationToken)
    {
        var specs = share.ShareTypeId is null ? NoSpecs : await ExtraSpecsAsync(share.ShareTypeId, cancellationToken);
        if (!_templates.TryGetValue(share, out var template) || !ReferenceEquals(template.Specs, specs))
        {
            var instance = new ShareInstanceRecord { Id = share.InstanceId, ShareId = share.Id, Pool = share.Pool, Backend = share.Backend };
            template = new DriverShareTemplate(specs, DriverShares.For(share, instance, new ShareType { Id = share.ShareTypeId ?? "", ExtraSpecs = specs }, share.ExportLocations));
            _templates.AddOrUpdate(share, template);
        }

        return DriverShares.WithToken(template.Share, Math.Max(share.FencingToken, latestToken));
    }

    private ValueTask<Dictionary<string, string>> ExtraSpecsAsync(string shareTypeId, CancellationToken cancellationToken) =>
        _specs.TryGetValue(shareTypeId, out var cached) && Stopwatch.GetElapsedTime(cached.At) < SpecsMaxAge
            ? new ValueTask<Dictionary<string, string>>(cached.Specs)
            : new ValueTask<Dictionary<string, string>>(ReadSpecsAsync(shareTypeId, cancellationToken));

    private async Task<Dictionary<string, string>> ReadSpecsAsync(string shareTypeId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var specs = (await connection.QueryAsync<(string Key, string Value)>(new CommandDefinition(
                ExtraSpecsSql, new { shareTypeId }, cancellationToken: cancellationToken)))
            .ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
        _specs[shareTypeId] = (Stopwatch.GetTimestamp(), specs);
        return specs;
    }

    private sealed record DriverShareTemplate(Dictionary<string, string> Specs, DriverShare Share);
}
