using ShareHost.Abstractions;

namespace ShareHost.Features.Snapshots;

/// <summary>Builds the driver's view of a snapshot instance.</summary>
public static class DriverSnapshots
{
    public static DriverSnapshot For(SnapshotRecord snapshot, DriverShare share, IReadOnlyList<SnapshotExportLocationRecord> exportLocations) => new()
    {
        Id = snapshot.InstanceId,
        SnapshotId = snapshot.Id,
        Name = "snapshot-" + snapshot.InstanceId,
        Share = share,
        SizeGb = snapshot.Size,
        ProviderLocation = snapshot.ProviderLocation,
        ExportLocations = exportLocations
            .Where(e => e.SnapshotInstanceId == snapshot.InstanceId)
            .Select(e => new ExportPath { Path = e.Path, Preferred = e.Preferred, IsAdminOnly = e.IsAdminOnly, ReadOnly = true })
            .ToList(),
    };
}
