using ShareHost.Api;
using ShareHost.Api.Auth;
using ShareHost.Api.Versioning;
using ShareHost.Features.Shares.ShareInstances;

namespace ShareHost.Features.Replicas.ListReplicas;

/// <summary><c>GET /v2/share-replicas[/detail][?share_id=]</c> and <c>GET /v2/share-replicas/{id}</c>.</summary>
public static class ListReplicasEndpoints
{
    public static IEndpointRouteBuilder MapListReplicas(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v2/share-replicas", (HttpContext http, RequestContext caller, ReplicaRepository replicas, ReplicaView view, CancellationToken cancellationToken) =>
                ListAsync(http, caller, replicas, "share-replicas", view.Summary, cancellationToken))
            .MinVersion("2.11")
            .WithName("ListShareReplicas")
            .WithSummary("List share replicas (id, share_id, status, replica_state). Filter share_id; limit, offset.");

        app.MapGet("/v2/share-replicas/detail", (HttpContext http, RequestContext caller, ReplicaRepository replicas, ReplicaView view, CancellationToken cancellationToken) =>
                ListAsync(http, caller, replicas, "share-replicas/detail", r => view.Detail(http, caller, r), cancellationToken))
            .MinVersion("2.11")
            .WithName("ListShareReplicasDetail")
            .WithSummary("List share replicas with details. Filter share_id; limit, offset.");

        app.MapGet("/v2/share-replicas/{id}", async (string id, HttpContext http, RequestContext caller, ReplicaLookup lookup, ReplicaView view,
                CancellationToken cancellationToken) =>
            {
                var replica = await lookup.VisibleAsync(id, caller, cancellationToken);
                return TypedResults.Ok(new Dictionary<string, object?> { ["share_replica"] = view.Detail(http, caller, replica) });
            })
            .MinVersion("2.11")
            .WithName("GetShareReplica")
            .WithSummary("Show a share replica.");

        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, RequestContext caller, ReplicaRepository replicas, string path,
        Func<ShareInstanceRow, Dictionary<string, object?>> render, CancellationToken cancellationToken)
    {
        var paging = Paging.From(http.Request.Query, new Dictionary<string, string> { ["created_at"] = "created_at" });
        var shareId = http.Request.Query.TryGetValue("share_id", out var raw) && raw.ToString().Length > 0 ? raw.ToString() : null;
        var page = await replicas.ListAsync(caller.IsAdmin ? null : caller.ProjectId, shareId, paging.EffectiveLimit, paging.Offset, cancellationToken);
        var body = new Dictionary<string, object?> { ["share_replicas"] = page.Select(render).ToList() };
        if (Links.Next(http, path, paging, page.Count) is { } next)
        {
            body["share_replica_links"] = next;
        }

        return TypedResults.Ok(body);
    }
}
