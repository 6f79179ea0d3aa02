using ShareHost.Api.Auth;

namespace ShareHost.Features.Snapshots.GetSnapshot;

public static class GetSnapshotEndpoint
{
    public static RouteHandlerBuilder MapGetSnapshot(this IEndpointRouteBuilder app) =>
        app.MapGet("/v2/snapshots/{id}", async (string id, RequestContext caller, HttpContext http, SnapshotLookup lookup, SnapshotView view,
                CancellationToken cancellationToken) =>
            {
                var snapshot = await lookup.VisibleAsync(id, caller, cancellationToken);
                return TypedResults.Ok(new Dictionary<string, object?> { ["snapshot"] = view.Detail(http, caller, snapshot) });
            })
            .WithName("GetSnapshot")
            .WithSummary("Show a snapshot (another project's answers 404).");
}
