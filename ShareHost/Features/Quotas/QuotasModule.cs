namespace ShareHost.Features.Quotas;

public static class QuotasModule
{
    public static IServiceCollection AddQuotas(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<QuotaOptions>(configuration.GetSection(QuotaOptions.Section));
        services.AddSingleton<QuotaRepository>();
        return services;
    }

    public static IEndpointRouteBuilder MapQuotas(this IEndpointRouteBuilder app) => app;
}
