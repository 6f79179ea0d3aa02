using ShareHost.Api;
using ShareHost.Api.Auth;
using ShareHost.Api.Versioning;

namespace ShareHost.Features.Snapshots;

/// <summary>
/// The snapshot's JSON (manila-zed §3.4), each field gated on the microversion that introduced it:
/// <c>provider_location</c> 2.12 (admins only), <c>user_id</c> and <c>project_id</c> 2.17, <c>metadata</c> 2.73.
/// </summary>
public sealed class SnapshotView
{
    public Dictionary<string, object?> Summary(HttpContext http, SnapshotRecord snapshot) => new()
    {
        ["id"] = snapshot.Id,
        ["name"] = snapshot.Name,
        ["links"] = Links.For(http, "snapshots", snapshot.Id),
    };

    public Dictionary<string, object?> Detail(HttpContext http, RequestContext caller, SnapshotRecord snapshot)
    {
        var version = http.ApiVersion();
        var view = new Dictionary<string, object?>
        {
            ["id"] = snapshot.Id,
            ["share_id"] = snapshot.ShareId,
            ["share_size"] = snapshot.ShareSize,
            ["created_at"] = ManilaJson.Timestamp(snapshot.CreatedAt),
            ["status"] = snapshot.Status,
            ["name"] = snapshot.Name,
            ["description"] = snapshot.Description,
            ["size"] = snapshot.Size,
            ["share_proto"] = snapshot.ShareProto,
            ["links"] = Links.For(http, "snapshots", snapshot.Id),
        };

        if (version.AtLeast("2.12") && caller.IsAdmin)
        {
            view["provider_location"] = snapshot.ProviderLocation;
        }

        if (version.AtLeast("2.17"))
        {
            view["user_id"] = snapshot.UserId;
            view["project_id"] = snapshot.ProjectId;
        }

        if (version.AtLeast("2.73"))
        {
            view["metadata"] = snapshot.Metadata;
        }

        return view;
    }
}
