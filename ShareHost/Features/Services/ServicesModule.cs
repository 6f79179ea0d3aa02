using ShareHost.Api;
using ShareHost.Api.Auth;
using ShareHost.Api.Versioning;
using ShareHost.Features.Services.ListServices;
using ShareHost.Features.Services.UpdateService;

namespace ShareHost.Features.Services;

public static class ServicesModule
{
    public static IServiceCollection AddServices(this IServiceCollection services)
    {
        services.AddSingleton<ServiceCatalog>();
        services.AddSingleton<ServiceRepository>();
        services.AddSingleton<ServiceSwitch>();
        return services;
    }

    /// <summary><c>/v2/services</c> from 2.7, and Manila's legacy <c>/v2/os-services</c> up to 2.6; admin only.</summary>
    public static IEndpointRouteBuilder MapServices(this IEndpointRouteBuilder app)
    {
        app.Admin("2.7", null, "service:index").MapListServices("/v2/services").WithName("ListServices");
        app.Admin("2.7", null, "service:update").MapUpdateService("/v2/services").WithName("UpdateService");
        app.Admin("2.0", "2.6", "service:index").MapListServices("/v2/os-services").WithName("ListServicesLegacy");
        app.Admin("2.0", "2.6", "service:update").MapUpdateService("/v2/os-services").WithName("UpdateServiceLegacy");
        return app;
    }

    /// <summary>Version first (404 outside the range), then policy (403), then body validation (400).</summary>
    private static RouteGroupBuilder Admin(this IEndpointRouteBuilder app, string min, string? max, string policy) =>
        app.MapGroup("").MinVersion(min, max).RequireAdmin(policy).MapApiGroup("Services");
}
