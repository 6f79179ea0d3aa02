namespace ShareHost.Features.ExportLocations;

public static class ExportLocationsModule
{
    public static IServiceCollection AddExportLocations(this IServiceCollection services)
    {
        services.AddSingleton<ExportRenderer>();
        return services;
    }

    public static IEndpointRouteBuilder MapExportLocations(this IEndpointRouteBuilder app) => app;
}
