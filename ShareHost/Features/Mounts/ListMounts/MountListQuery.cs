using ShareHost.Api;
using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Features.Mounts.Leases;
using ShareHost.Features.Mounts.Mount;

namespace ShareHost.Features.Mounts.ListMounts;

/// <summary>
/// The mount listing's parameters: share_id, client, state (exact); project-scoped, admins see every project with
/// all_tenants (or one with project_id); Manila's limit, offset, sort_key, sort_dir and with_count.
/// </summary>
public static class MountListQuery
{
    public static readonly IReadOnlyDictionary<string, string> SortKeys = new Dictionary<string, string>
    {
        ["created_at"] = "granted_at",
        ["granted_at"] = "granted_at",
        ["id"] = "id",
        ["share_id"] = "share_id",
        ["client"] = "client",
        ["state"] = "state",
        ["address"] = "address",
        ["project_id"] = "project_id",
    };

    public static MountQuery From(HttpContext http, RequestContext caller)
    {
        var query = http.Request.Query;
        var filters = new List<(string Column, string Value)>();
        var allTenants = query.TryGetValue("all_tenants", out var all) && (all.ToString().Length == 0 || Bools.Parse(all.ToString(), "all_tenants"));
        if (caller.IsAdmin && query.TryGetValue("project_id", out var project) && project.ToString().Length > 0)
        {
            filters.Add(("project_id", project.ToString()));
        }
        else if (!caller.IsAdmin || !allTenants)
        {
            filters.Add(("project_id", caller.ProjectId));
        }

        if (query.TryGetValue("share_id", out var share))
        {
            filters.Add(("share_id", share.ToString()));
        }

        if (query.TryGetValue("client", out var client))
        {
            // Leases store the normalised client; a value that is no client at all simply matches none.
            filters.Add(("client", ClientAddress.TryNormalize(client.ToString(), out var normalized) ? normalized : client.ToString()));
        }

        if (query.TryGetValue("state", out var state))
        {
            if (!LeaseStates.All.Contains(state.ToString()))
            {
                throw new BadRequestException($"Invalid value '{state}' for 'state': valid states are {string.Join(", ", LeaseStates.All)}.");
            }

            filters.Add(("state", state.ToString()));
        }

        return new MountQuery(filters, Paging.From(query, SortKeys));
    }
}
