namespace ShareHost.Features.ShareTypes;

public static class ShareTypesModule
{
    public static IServiceCollection AddShareTypes(this IServiceCollection services)
    {
        services.AddSingleton<ShareTypeRepository>();
        return services;
    }

    public static IEndpointRouteBuilder MapShareTypes(this IEndpointRouteBuilder app) => app;
}
