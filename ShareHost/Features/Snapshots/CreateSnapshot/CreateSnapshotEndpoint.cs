using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Api.Versioning;

namespace ShareHost.Features.Snapshots.CreateSnapshot;

public static class CreateSnapshotEndpoint
{
    public static RouteHandlerBuilder MapCreateSnapshot(this IEndpointRouteBuilder app) =>
        app.MapPost("/v2/snapshots", async (CreateSnapshotRequest request, RequestContext caller, HttpContext http,
                CreateSnapshotService service, SnapshotView view, CancellationToken cancellationToken) =>
            {
                var body = request.Snapshot!;
                if (body.Metadata is not null && !http.ApiVersion().AtLeast("2.73"))
                {
                    throw new BadRequestException("Invalid input for field 'snapshot.metadata': it is only accepted from microversion 2.73.");
                }

                var snapshot = await service.CreateAsync(new SnapshotRequest(
                    body.ShareId!, body.Name ?? body.DisplayName, body.Description ?? body.DisplayDescription, body.Metadata ?? [], Scheduled: false),
                    caller, cancellationToken);
                return TypedResults.Json(new Dictionary<string, object?> { ["snapshot"] = view.Detail(http, caller, snapshot) },
                    statusCode: StatusCodes.Status202Accepted);
            })
            .RequireMember("share:create_snapshot")
            .WithName("CreateSnapshot")
            .WithSummary("Snapshot an available share (its type must have snapshot_support); answers 'creating', becomes 'available' in the background.");
}
