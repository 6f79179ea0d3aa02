using ShareHost.Abstractions;
using ShareHost.Features.ShareTypes;

namespace ShareHost.Features.Shares;

/// <summary>Builds the driver's view of a share instance.</summary>
public static class DriverShares
{
    /// <param name="latestToken">A fencing token granted after <paramref name="share"/> was read; the higher of the two is sent.</param>
    public static DriverShare For(ShareRecord share, ShareInstanceRecord instance, ShareType? type, IReadOnlyList<ExportLocationRecord> exportLocations,
        long latestToken = 0) => new()
    {
        Id = instance.Id,
        ShareId = share.Id,
        Name = "share-" + instance.Id,
        ProjectId = share.ProjectId,
        SizeGb = share.Size,
        Protocol = share.ShareProto,
        PoolName = instance.Pool ?? "",
        ExtraSpecs = type?.ExtraSpecs ?? new Dictionary<string, string>(),
        ExportLocations = exportLocations
            .Where(e => e.ShareInstanceId == instance.Id)
            .Select(e => new ExportPath { Path = e.Path, Preferred = e.Preferred, IsAdminOnly = e.IsAdminOnly, ReadOnly = e.ReadOnly })
            .ToList(),
        FencingToken = Math.Max(share.FencingToken, latestToken),
    };

    /// <summary>A copy of <paramref name="share"/> carrying <paramref name="fencingToken"/>; the rest is shared with it.</summary>
    public static DriverShare WithToken(DriverShare share, long fencingToken) => new()
    {
        Id = share.Id,
        ShareId = share.ShareId,
        Name = share.Name,
        ProjectId = share.ProjectId,
        SizeGb = share.SizeGb,
        Protocol = share.Protocol,
        PoolName = share.PoolName,
        ExtraSpecs = share.ExtraSpecs,
        ExportLocations = share.ExportLocations,
        FencingToken = fencingToken,
    };
}
