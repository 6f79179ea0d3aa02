using ShareHost.Api;
using ShareHost.Api.Auth;
using ShareHost.Api.Versioning;
using ShareHost.Features.Shares;

namespace ShareHost.Features.ExportLocations;

/// <summary>
/// Manila's export location view: the stored path bound to the backend's current address (from memory, never a
/// driver call); the standardized attributes <c>preferred</c> and ShareHost's <c>readonly</c> from 2.14; the instance id
/// and admin-only flag for admins; timestamps on show. Nothing else: drivers have no way to publish vendor keys.
/// </summary>
public sealed class ExportLocationView(ExportRenderer exports)
{
    public Dictionary<string, object?> Render(HttpContext http, RequestContext caller, ExportLocationRecord location,
        string? backend, string protocol, bool detail)
    {
        var view = new Dictionary<string, object?>
        {
            ["id"] = location.Id,
            ["path"] = exports.Render(backend, protocol, location.Path),
        };

        if (http.ApiVersion().AtLeast("2.14"))
        {
            view["preferred"] = location.Preferred;
            view["readonly"] = location.ReadOnly;
        }

        if (caller.IsAdmin)
        {
            view["share_instance_id"] = location.ShareInstanceId;
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
