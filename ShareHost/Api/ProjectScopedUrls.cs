using ShareHost.Api.Auth;
using ShareHost.Api.Errors;

namespace ShareHost.Api;

/// <summary>
/// Manila serves every collection twice: <c>/v2/{project_id}/shares</c> and <c>/v2/shares</c>. Routes are written
/// once, without the project; this middleware strips a project id from the URL, remembers it for links, and refuses
/// one that is not the caller's (400 "Malformed request url", as Manila does).
/// </summary>
public sealed class ProjectScopedUrls(RequestDelegate next, EndpointDataSource endpoints)
{
    private readonly Lazy<IReadOnlySet<string>> _collections = new(() => Collections(endpoints.Endpoints));

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (path.StartsWith("/v2/", StringComparison.Ordinal))
        {
            var rest = path[4..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            // Only /v2/{project}/{known collection}/… is the project form; anything else falls through to a plain 404.
            if (slash > 0 && !_collections.Value.Contains(rest[..slash])
                && _collections.Value.Contains(rest[(slash + 1)..].Split('/')[0]))
            {
                var projectId = rest[..slash];
                var caller = context.Features.Get<RequestContext>();
                if (caller is not null && !string.Equals(caller.ProjectId, projectId, StringComparison.Ordinal))
                {
                    await ManilaErrors.WriteAsync(context, 400, "Malformed request url");
                    return;
                }

                context.Features.Set(new UrlProject(projectId));
                context.Request.Path = "/v2" + rest[slash..];
            }
        }

        await next(context);
    }

    /// <summary>The first path segment of every <c>/v2</c> route, collected from the route table.</summary>
    public static IReadOnlySet<string> Collections(IEnumerable<Endpoint> endpoints) =>
        endpoints.OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText ?? "")
            .Where(p => p.StartsWith("/v2/", StringComparison.Ordinal) || p.StartsWith("v2/", StringComparison.Ordinal))
            .Select(p => p.TrimStart('/')[3..].Split('/')[0])
            .Where(s => s.Length > 0 && !s.StartsWith('{'))
            .ToHashSet(StringComparer.Ordinal);
}

/// <summary>The project id the request URL carried, so links can carry it too.</summary>
public sealed record UrlProject(string ProjectId);
