using ShareHost.Api;
using ShareHost.Api.Auth;
using ShareHost.Features.ExportLocations;

namespace ShareHost.Features.Snapshots.ExportLocations;

/// <summary>
/// Manila's snapshot export location view (2.32): the stored read-only path bound to the backend's current address
/// (as share export locations are), links, the instance id and admin-only flag for admins, timestamps on show.
/// </summary>
public sealed class SnapshotExportLocationView(ExportRenderer exports)
{
    public Dictionary<string, object?> Render(HttpContext http, RequestContext caller, string collection, SnapshotExportLocationRecord location,
        string? backend, string protocol, bool detail)
    {
        var view = new Dictionary<string, object?>
        {
            ["id"] = location.Id,
            ["path"] = exports.Render(backend, protocol, location.Path),
            ["links"] = Links.For(http, collection, location.Id),
        };

        if (caller.IsAdmin)
        {
            view["share_snapshot_instance_id"] = location.SnapshotInstanceId;
            view["is_admin_only"] = location.IsAdminOnly;
        }

        if (detail)
        {
            view["created_at"] = ManilaJson.Timestamp(location.CreatedAt);
            view["updated_at"] = ManilaJson.Timestamp(location.UpdatedAt);
        }

        return view;
    }
}
