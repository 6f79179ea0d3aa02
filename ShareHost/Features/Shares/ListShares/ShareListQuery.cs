using ShareHost.Api;
using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Api.Versioning;

namespace ShareHost.Features.Shares.ListShares;

/// <summary>A parsed share listing: who is asking, Manila's filters, and the page.</summary>
public sealed record ShareListQuery(
    string? ProjectId,
    bool IncludePublic,
    IReadOnlyDictionary<string, string> Exact,
    IReadOnlyDictionary<string, string> Like,
    IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyDictionary<string, string> ExtraSpecs,
    string? Host,
    bool NothingMatches,
    Paging Paging)
{
    public static readonly IReadOnlyDictionary<string, string> SortKeys = new Dictionary<string, string>
    {
        ["created_at"] = "s.created_at",
        ["updated_at"] = "s.updated_at",
        ["id"] = "s.id",
        ["name"] = "s.name",
        ["display_name"] = "s.name",
        ["description"] = "s.description",
        ["display_description"] = "s.description",
        ["size"] = "s.size",
        ["share_proto"] = "s.share_proto",
        ["project_id"] = "s.project_id",
        ["user_id"] = "s.user_id",
        ["share_type_id"] = "s.share_type_id",
        ["volume_type_id"] = "s.share_type_id",
        ["snapshot_id"] = "s.snapshot_id",
        ["is_public"] = "s.is_public",
        ["task_state"] = "s.task_state",
        ["status"] = "i.status",
        ["host"] = "i.backend",
        ["availability_zone"] = "i.availability_zone",
    };

    public static ShareListQuery From(HttpContext http, RequestContext caller)
    {
        var query = http.Request.Query;
        var version = http.ApiVersion();
        var paging = Paging.From(query, SortKeys);
        // A bare ?all_tenants means yes; any other value must be a boolean word (Manila parses it strictly).
        var allTenants = query.TryGetValue("all_tenants", out var all) && (all.ToString().Length == 0 || Bools.Parse(all.ToString(), "all_tenants"));
        var projectId = caller.ScopeProject(allTenants);
        if (caller.IsAdmin && query.TryGetValue("project_id", out var project))
        {
            projectId = project.ToString();
        }

        var includePublic = query.TryGetValue("is_public", out var isPublic) && Bools.Parse(isPublic.ToString(), "is_public");
        var exact = new Dictionary<string, string>();
        Add(exact, query, "name", "s.name");
        Add(exact, query, "display_name", "s.name");
        Add(exact, query, "status", "i.status");
        Add(exact, query, "share_type_id", "s.share_type_id");
        Add(exact, query, "volume_type_id", "s.share_type_id");
        Add(exact, query, "snapshot_id", "s.snapshot_id");
        Add(exact, query, "share_proto", "s.share_proto");
        var like = new Dictionary<string, string>();
        if (version.AtLeast("2.36"))
        {
            Add(exact, query, "description", "s.description");
            Add(like, query, "name~", "s.name");
            Add(like, query, "description~", "s.description");
        }

        if (version.AtLeast("2.35"))
        {
            Add(exact, query, "export_location_id", "el.id");
            Add(exact, query, "export_location_path", "el.path");
        }

        var nothing = (query.TryGetValue("share_network_id", out var network) && network.ToString().Length > 0)
            || (query.TryGetValue("share_group_id", out var group) && group.ToString().Length > 0)
            || (query.TryGetValue("share_server_id", out var server) && server.ToString().Length > 0)
            || (query.TryGetValue("is_soft_deleted", out var soft) && Bools.Parse(soft.ToString(), "is_soft_deleted"));

        return new ShareListQuery(
            projectId,
            includePublic,
            exact,
            like,
            PythonDict(query, "metadata"),
            PythonDict(query, "extra_specs"),
            caller.IsAdmin && query.TryGetValue("host", out var host) ? host.ToString() : null,
            nothing,
            paging);
    }

    private static void Add(Dictionary<string, string> filters, IQueryCollection query, string name, string column)
    {
        if (query.TryGetValue(name, out var value) && value.ToString().Length > 0)
        {
            filters[column] = value.ToString();
        }
    }

    /// <summary>Manila takes dict filters as Python literals, e.g. <c>metadata={'k': 'v'}</c>; JSON works too.</summary>
    private static Dictionary<string, string> PythonDict(IQueryCollection query, string name)
    {
        if (!query.TryGetValue(name, out var raw) || raw.ToString().Length == 0)
        {
            return [];
        }

        return PythonDictLiteral.TryParse(raw.ToString())
            ?? throw new BadRequestException($"Invalid '{name}' filter: expected a dictionary like {{'key': 'value'}}.");
    }
}
