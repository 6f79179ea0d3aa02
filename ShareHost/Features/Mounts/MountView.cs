using System.Xml;
using ShareHost.Api;
using ShareHost.Api.Auth;
using ShareHost.Features.Mounts.Leases;

namespace ShareHost.Features.Mounts;

/// <summary>
/// A mount with its lease. The lease speaks in durations (<c>seconds_left</c>, whole seconds rounded up, and
/// <c>expires_in</c>, ISO 8601), judged by the server's clock, so a client needs no clock of its own to use it; the
/// timestamps are informative, in database time. <c>id</c> and <c>lease.id</c> are the same: a mount is its lease.
/// </summary>
public sealed class MountView(LeaseClock clock)
{
    public Dictionary<string, object?> Render(RequestContext caller, MountLease lease, bool live)
    {
        var active = lease.State == LeaseStates.Active;
        var left = !active ? 0 : Math.Max(0, live ? clock.SecondsUntil(lease.Deadline) : lease.SecondsLeft);
        // Sized for every key up front: growing a dictionary of 21 entries reallocates it four times.
        var view = new Dictionary<string, object?>(24)
        {
            ["id"] = lease.Id,
            ["share_id"] = lease.ShareId,
            ["snapshot_id"] = lease.SnapshotId,
            ["project_id"] = lease.ProjectId,
            ["user_id"] = lease.UserId,
            ["client"] = lease.Client,
            ["access_level"] = lease.AccessLevel,
            ["exclusive"] = lease.Exclusive,
            ["address"] = lease.Address,
            ["export_path"] = lease.ExportPath,
            ["protocol"] = lease.Protocol,
            ["mount_options"] = lease.MountOptions,
            ["address_source"] = lease.AddressSource,
            ["access"] = lease.Access,
            ["access_rule_id"] = lease.AccessRuleId,
            ["lease"] = new Dictionary<string, object?>(7)
            {
                ["id"] = lease.Id,
                ["state"] = lease.State,
                ["lease_seconds"] = lease.LeaseSeconds,
                ["seconds_left"] = (int)Math.Ceiling(left),
                ["expires_in"] = active ? XmlConvert.ToString(TimeSpan.FromMilliseconds(Math.Round(left * 1000))) : null,
                ["fencing_token"] = lease.FencingToken,
                ["renewals"] = lease.Renewals,
            },
            ["granted_at"] = ManilaJson.Timestamp(lease.GrantedAt),
            ["renewed_at"] = ManilaJson.Timestamp(lease.RenewedAt),
            ["ended_at"] = ManilaJson.Timestamp(lease.EndedAt),
        };

        if (caller.IsAdmin)
        {
            view["share_instance_id"] = lease.ShareInstanceId;
            view["backend"] = lease.Backend;
        }

        return view;
    }
}
