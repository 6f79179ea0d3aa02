using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Api.Versioning;

namespace ShareHost.Features.ShareTypes.CreateShareType;

public static class CreateShareTypeEndpoint
{
    public static RouteHandlerBuilder MapCreateShareType(this IEndpointRouteBuilder app) =>
        app.MapPost("/v2/types", async (CreateShareTypeRequest request, HttpContext http, RequestContext caller,
                ShareTypeRepository types, ShareTypeView view, CancellationToken cancellationToken) =>
            {
                var body = request.Body!;
                var version = http.ApiVersion();
                if (!string.IsNullOrEmpty(body.Description) && !version.AtLeast("2.41"))
                {
                    throw new BadRequestException($"Invalid input for field '{request.BodyName}.description': share type descriptions need microversion 2.41 or later.");
                }

                var specs = ExtraSpecInput.ToStored(body.ExtraSpecs!);
                if (!version.AtLeast("2.24"))
                {
                    // Before 2.24 snapshot_support was mandatory, so Manila fills it in for older clients.
                    specs.TryAdd(StandardExtraSpecs.SnapshotSupport, "True");
                }

                var type = new ShareType
                {
                    Id = Guid.NewGuid().ToString(),
                    Name = body.Name!,
                    Description = body.Description,
                    IsPublic = JsonBool.From(body.LegacyIsPublic) ?? JsonBool.From(body.IsPublic) ?? true,
                    CreatedAt = DateTime.UtcNow,
                    ExtraSpecs = specs,
                };
                await types.CreateAsync(type, cancellationToken);
                return TypedResults.Ok(view.One(http, caller, type));
            })
            .RequireAdmin("share_type:create")
            .WithName("CreateShareType")
            .WithSummary("Create a share type (admin). extra_specs must include driver_handles_share_servers.");
}
