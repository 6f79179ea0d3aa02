using ShareHost.Api;
using ShareHost.Api.Auth;
using ShareHost.Api.Versioning;
using ShareHost.Features.Backends;
using ShareHost.Features.Shares;
using ShareHost.Features.Shares.ShareInstances;

namespace ShareHost.Features.Replicas;

/// <summary>Manila's share replica view: a summary (id, share_id, status, replica_state) and the detail, admin fields gated.</summary>
public sealed class ReplicaView(BackendRegistry backends)
{
    public Dictionary<string, object?> Summary(ShareInstanceRow replica) => new()
    {
        ["id"] = replica.Id,
        ["share_id"] = replica.ShareId,
        ["status"] = replica.Status,
        ["replica_state"] = replica.ReplicaState,
    };

    public Dictionary<string, object?> Detail(HttpContext http, RequestContext caller, ShareInstanceRow replica)
    {
        var view = Summary(replica);
        view["availability_zone"] = replica.AvailabilityZone;
        view["created_at"] = ManilaJson.Timestamp(replica.CreatedAt);
        view["updated_at"] = ManilaJson.Timestamp(replica.UpdatedAt);
        view["share_network_id"] = null;
        if (caller.IsAdmin)
        {
            view["share_server_id"] = null;
            view["host"] = replica.Backend is null ? "" : $"{backends.HostName}@{replica.Backend}#{replica.Pool}";
            if (http.ApiVersion().AtLeast("2.30"))
            {
                view["cast_rules_to_readonly"] = ReplicaStates.CastRulesToReadOnly(replica.ReplicationType, replica.ReplicaState);
            }
        }

        return view;
    }
}
