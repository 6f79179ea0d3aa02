using Microsoft.Extensions.Options;
using ShareHost.Api.Auth;
using ShareHost.Api.Errors;

namespace ShareHost.Features.ShareTypes.GetShareType;

public static class GetDefaultShareTypeEndpoint
{
    public static RouteHandlerBuilder MapGetDefaultShareType(this IEndpointRouteBuilder app) =>
        app.MapGet("/v2/types/default", async (HttpContext http, RequestContext caller, ShareTypeRepository types, ShareTypeView view,
                IOptionsMonitor<ShareHostOptions> options, CancellationToken cancellationToken) =>
            {
                var name = options.CurrentValue.DefaultShareType;
                var type = string.IsNullOrEmpty(name) ? null : await types.FindByNameAsync(name, cancellationToken);
                if (type is null || (!caller.IsAdmin && !await types.IsAccessibleAsync(type, caller.ProjectId, cancellationToken)))
                {
                    throw new NotFoundException(string.IsNullOrEmpty(name)
                        ? "Default share type not found: ShareHost:DefaultShareType is not set."
                        : $"Default share type not found: no share type is named '{name}'.");
                }

                return TypedResults.Ok(view.One(http, caller, type));
            })
            .WithName("GetDefaultShareType")
            .WithSummary("Show the default share type (ShareHost:DefaultShareType); 404 when none is configured or it does not exist.");
}
