namespace ShareHost.Features.Services.UpdateService;

public static class UpdateServiceEndpoint
{
    public static RouteHandlerBuilder MapUpdateService(this IEndpointRouteBuilder app, string path) =>
        app.MapPut(path + "/{action}", async (string action, UpdateServiceRequest request, ServiceSwitch services, CancellationToken cancellationToken) =>
            {
                var disable = action switch
                {
                    "enable" => false,
                    "disable" => true,
                    _ => throw new Api.Errors.NotFoundException($"Unknown action '{action}': use enable or disable."),
                };
                var service = await services.SetAsync(request, disable, cancellationToken);
                var body = new Dictionary<string, object?>
                {
                    ["host"] = service.Host,
                    ["binary"] = service.Binary,
                    ["disabled"] = service.Disabled,
                };
                if (service.Disabled)
                {
                    body["disabled_reason"] = service.DisabledReason;
                }

                return TypedResults.Ok(body);
            })
            .WithSummary("Enable or disable a backend's manila-share service (admin): body {\"host\": \"<host>@<backend>\", \"binary\": " +
                "\"manila-share\", \"disabled_reason\": \"…\" (disable only)}. A disabled backend keeps serving its shares but the " +
                "scheduler places no new ones on it. The switch is stored and survives a restart.");
}
