using ShareHost.Abstractions;
using ShareHost.Features.ShareTypes;

namespace ShareHost.Features.Shares;

/// <summary>Builds the driver's view of a share instance.</summary>
public static class DriverShares
{
    public static DriverShare For(ShareRecord share, ShareInstanceRecord instance, ShareType? type, IReadOnlyList<ExportLocationRecord> exportLocations) => new()
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
        FencingToken = share.FencingToken,
    };
}
