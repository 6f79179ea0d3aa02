using ShareHost.Api;

namespace ShareHost.Features.ExportLocations;

public static class ExportLocationsModule
{
    public static IServiceCollection AddExportLocations(this IServiceCollection services)
    {
        services.AddSingleton<ExportRenderer>();
        services.AddSingleton<ExportLocationView>();
        return services;
    }

    public static IEndpointRouteBuilder MapExportLocations(this IEndpointRouteBuilder app)
    {
        var group = app.MapApiGroup("Export locations");
        group.MapShareExportLocations();
        group.MapInstanceExportLocations();
        return app;
    }
}
