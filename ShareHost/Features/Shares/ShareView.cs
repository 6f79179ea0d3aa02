using ShareHost.Api;
using ShareHost.Api.Auth;
using ShareHost.Api.Versioning;
using ShareHost.Features.ExportLocations;

namespace ShareHost.Features.Shares;

/// <summary>The share's JSON, with each field gated on the microversion that introduced it.</summary>
public sealed class ShareView(ExportRenderer exports, Backends.BackendRegistry backends)
{
    public Dictionary<string, object?> Summary(HttpContext http, ShareRecord share) => new()
    {
        ["id"] = share.Id,
        ["name"] = share.Name,
        ["links"] = Links.For(http, "shares", share.Id),
    };

    public Dictionary<string, object?> Detail(HttpContext http, RequestContext caller, ShareRecord share)
    {
        var version = http.ApiVersion();
        var status = share.Status == ShareStatus.CreatingFromSnapshot && !version.AtLeast("2.54") ? ShareStatus.Creating : share.Status;
        var view = new Dictionary<string, object?>
        {
            ["id"] = share.Id,
            ["size"] = share.Size,
            ["availability_zone"] = share.AvailabilityZone,
            ["created_at"] = ManilaJson.Timestamp(share.CreatedAt),
            ["status"] = status,
            ["name"] = share.Name,
            ["description"] = share.Description,
            ["project_id"] = share.ProjectId,
            ["snapshot_id"] = share.SnapshotId,
            ["share_network_id"] = null,
            ["share_proto"] = share.ShareProto,
            ["metadata"] = share.Metadata,
            ["share_type"] = version.AtLeast("2.6") ? share.ShareTypeId : share.ShareTypeName,
            ["volume_type"] = share.ShareTypeName,
            ["links"] = Links.For(http, "shares", share.Id),
            ["is_public"] = share.IsPublic,
        };

        if (!version.AtLeast("2.9"))
        {
            var paths = share.Status == ShareStatus.Available
                ? share.ExportLocations.Where(e => caller.IsAdmin || !e.IsAdminOnly)
                    .Select(e => exports.Render(share.Backend, share.ShareProto, e.Path)).ToList()
                : [];
            view["export_location"] = paths.FirstOrDefault();
            view["export_locations"] = paths;
        }

        if (version.AtLeast("2.2"))
        {
            view["snapshot_support"] = share.SnapshotSupport;
        }

        if (version.AtLeast("2.5"))
        {
            view["task_state"] = share.TaskState;
        }

        if (version.AtLeast("2.6"))
        {
            view["share_type_name"] = share.ShareTypeName;
        }

        if (version.AtLeast("2.10"))
        {
            view["access_rules_status"] = share.AccessRulesStatus == "syncing" && !version.AtLeast("2.28") ? "out_of_sync" : share.AccessRulesStatus;
        }

        if (version.AtLeast("2.11"))
        {
            view["replication_type"] = share.ReplicationType;
            view["has_replicas"] = share.HasReplicas;
        }

        if (version.AtLeast("2.16"))
        {
            view["user_id"] = share.UserId;
        }

        if (version.AtLeast("2.24"))
        {
            view["create_share_from_snapshot_support"] = share.CreateShareFromSnapshotSupport;
        }

        if (version.AtLeast("2.27"))
        {
            view["revert_to_snapshot_support"] = share.RevertToSnapshotSupport;
        }

        if (version.AtLeast("2.31"))
        {
            view["share_group_id"] = null;
            view["source_share_group_snapshot_member_id"] = null;
        }

        if (version.AtLeast("2.32"))
        {
            view["mount_snapshot_support"] = share.MountSnapshotSupport;
        }

        if (version.AtLeast("2.54"))
        {
            view["progress"] = share.Progress;
        }

        if (version.AtLeast("2.69"))
        {
            view["is_soft_deleted"] = false;
            view["scheduled_to_be_deleted_at"] = null;
        }

        if (caller.IsAdmin)
        {
            view["share_server_id"] = null;
            view["host"] = share.Backend is null ? null : $"{backends.HostName}@{share.Backend}#{share.Pool}";
        }

        return view;
    }
}
