using ShareHost.Api;
using ShareHost.Api.Versioning;
using ShareHost.Features.Backends;
using ShareHost.Features.ExportLocations;

namespace ShareHost.Features.Shares.ShareInstances;

/// <summary>Manila's share instance view (admin only), each field gated on the microversion that added it.</summary>
public sealed class ShareInstanceView(ExportRenderer exports, BackendRegistry backends)
{
    /// <param name="exportLocations">The instance's stored locations; shown as rendered paths before 2.9 only.</param>
    public Dictionary<string, object?> Render(HttpContext http, ShareInstanceRow instance, IEnumerable<ExportLocationRecord> exportLocations)
    {
        var version = http.ApiVersion();
        var view = new Dictionary<string, object?>
        {
            ["id"] = instance.Id,
            ["share_id"] = instance.ShareId,
            ["availability_zone"] = instance.AvailabilityZone,
            ["created_at"] = ManilaJson.Timestamp(instance.CreatedAt),
            ["host"] = instance.Backend is null ? null : $"{backends.HostName}@{instance.Backend}#{instance.Pool}",
            ["status"] = instance.Status,
            ["share_network_id"] = null,
            ["share_server_id"] = null,
        };

        if (!version.AtLeast("2.9"))
        {
            var paths = exportLocations.Where(e => e.ShareInstanceId == instance.Id)
                .Select(e => exports.Render(instance.Backend, instance.ShareProto, e.Path)).ToList();
            view["export_location"] = paths.FirstOrDefault();
            view["export_locations"] = paths;
        }

        if (version.AtLeast("2.10"))
        {
            view["access_rules_status"] = instance.AccessRulesStatus == "syncing" && !version.AtLeast("2.28") ? "out_of_sync" : instance.AccessRulesStatus;
        }

        if (version.AtLeast("2.11"))
        {
            view["replica_state"] = instance.ReplicaState;
        }

        if (version.AtLeast("2.22"))
        {
            view["share_type_id"] = instance.ShareTypeId;
        }

        if (version.AtLeast("2.30"))
        {
            view["cast_rules_to_readonly"] = ReplicaStates.CastRulesToReadOnly(instance.ReplicationType, instance.ReplicaState);
        }

        if (version.AtLeast("2.54"))
        {
            view["progress"] = instance.Progress;
        }

        if (version.AtLeast("2.71"))
        {
            view["updated_at"] = ManilaJson.Timestamp(instance.UpdatedAt);
        }

        return view;
    }
}
