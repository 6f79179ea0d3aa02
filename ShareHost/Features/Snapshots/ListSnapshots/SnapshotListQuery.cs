using ShareHost.Api;
using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Api.Versioning;

namespace ShareHost.Features.Snapshots.ListSnapshots;

/// <summary>
/// A parsed snapshot listing (manila-zed §2.4): <c>name</c>, <c>status</c>, <c>share_id</c>, <c>size</c>; from 2.36
/// <c>description</c>, <c>name~</c>, <c>description~</c>; from 2.73 <c>metadata</c>; admins <c>all_tenants</c>,
/// <c>project_id</c>; <c>usage</c> (any, used, unused); <c>limit</c>, <c>offset</c>, <c>sort_key</c>, <c>sort_dir</c>.
/// </summary>
public sealed record SnapshotListQuery(
    string? ProjectId,
    IReadOnlyDictionary<string, string> Exact,
    IReadOnlyDictionary<string, string> Like,
    IReadOnlyDictionary<string, string> Metadata,
    bool? Used,
    Paging Paging)
{
    public static readonly IReadOnlyDictionary<string, string> SortKeys = new Dictionary<string, string>
    {
        ["created_at"] = "sn.created_at",
        ["updated_at"] = "sn.updated_at",
        ["id"] = "sn.id",
        ["name"] = "sn.name",
        ["display_name"] = "sn.name",
        ["description"] = "sn.description",
        ["display_description"] = "sn.description",
        ["size"] = "sn.size",
        ["share_size"] = "sn.share_size",
        ["share_id"] = "sn.share_id",
        ["share_proto"] = "sn.share_proto",
        ["project_id"] = "sn.project_id",
        ["user_id"] = "sn.user_id",
        ["status"] = "si.status",
        ["progress"] = "si.progress",
    };

    public static SnapshotListQuery From(HttpContext http, RequestContext caller)
    {
        var query = http.Request.Query;
        var version = http.ApiVersion();
        var paging = Paging.From(query, SortKeys);
        var allTenants = query.TryGetValue("all_tenants", out var all) && (all.ToString().Length == 0 || Bools.Parse(all.ToString(), "all_tenants"));
        var projectId = caller.ScopeProject(allTenants);
        if (caller.IsAdmin && query.TryGetValue("project_id", out var project) && project.ToString().Length > 0)
        {
            projectId = project.ToString();
        }

        var exact = new Dictionary<string, string>();
        Add(exact, query, "name", "sn.name");
        Add(exact, query, "display_name", "sn.name");
        Add(exact, query, "status", "si.status");
        Add(exact, query, "share_id", "sn.share_id");
        if (query.TryGetValue("size", out var size) && size.ToString().Length > 0)
        {
            if (!int.TryParse(size.ToString(), out var parsed) || parsed < 0)
            {
                throw new BadRequestException($"Invalid value '{size}' for 'size': expected a non-negative integer.");
            }

            exact["sn.size"] = parsed.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var like = new Dictionary<string, string>();
        if (version.AtLeast("2.36"))
        {
            Add(exact, query, "description", "sn.description");
            Add(like, query, "name~", "sn.name");
            Add(like, query, "description~", "sn.description");
        }

        var metadata = version.AtLeast("2.73") && query.TryGetValue("metadata", out var raw) && raw.ToString().Length > 0
            ? ParseMetadata(raw.ToString())
            : [];
        return new SnapshotListQuery(projectId, exact, like, metadata, Usage(query), paging);
    }

    private static Dictionary<string, string> ParseMetadata(string raw) =>
        PythonDictLiteral.TryParse(raw) ?? throw new BadRequestException("Invalid 'metadata' filter: expected a dictionary like {'key': 'value'}.");

    /// <summary>Manila's <c>usage</c> filter: <c>used</c> (a share was created from it), <c>unused</c>, or <c>any</c> (the client's default).</summary>
    private static bool? Usage(IQueryCollection query)
    {
        var usage = query.TryGetValue("usage", out var raw) ? raw.ToString() : "";
        return usage switch
        {
            "" or "any" => null,
            "used" => true,
            "unused" => false,
            _ => throw new BadRequestException($"Invalid value '{usage}' for 'usage': expected any, used or unused."),
        };
    }

    private static void Add(Dictionary<string, string> filters, IQueryCollection query, string name, string column)
    {
        if (query.TryGetValue(name, out var value) && value.ToString().Length > 0)
        {
            filters[column] = value.ToString();
        }
    }
}
