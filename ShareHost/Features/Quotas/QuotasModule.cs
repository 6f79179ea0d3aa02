using ShareHost.Api;
using ShareHost.Api.Auth;
using ShareHost.Api.Versioning;
using ShareHost.Features.Quotas.DeleteQuotaSet;
using ShareHost.Features.Quotas.ShowLimits;
using ShareHost.Features.Quotas.ShowQuotaSet;
using ShareHost.Features.Quotas.UpdateQuotaSet;

namespace ShareHost.Features.Quotas;

public static class QuotasModule
{
    public static IServiceCollection AddQuotas(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<QuotaOptions>(configuration.GetSection(QuotaOptions.Section));
        services.AddSingleton<QuotaRepository>();
        services.AddSingleton<QuotaSetService>();
        return services;
    }

    /// <summary><c>/v2/quota-sets</c> from 2.7, Manila's legacy <c>/v2/os-quota-sets</c> up to 2.6; <c>/v2/limits</c> always.</summary>
    public static IEndpointRouteBuilder MapQuotas(this IEndpointRouteBuilder app)
    {
        MapQuotaSets(app, "/v2/quota-sets", "2.7", null, "");
        MapQuotaSets(app, "/v2/os-quota-sets", "2.0", "2.6", "Legacy");
        app.MapGroup("").MinVersion("2.25").MapApiGroup("Quotas")
            .MapShowQuotaSetDetail("/v2/quota-sets").WithName("ShowQuotaSetDetail");
        app.MapApiGroup("Quotas").MapShowLimits();
        return app;
    }

    private static void MapQuotaSets(IEndpointRouteBuilder app, string prefix, string min, string? max, string suffix)
    {
        var versioned = app.MapGroup("").MinVersion(min, max);
        var readers = versioned.MapApiGroup("Quotas");
        readers.MapShowQuotaSet(prefix).WithName("ShowQuotaSet" + suffix);
        readers.MapShowQuotaSetDefaults(prefix).WithName("ShowQuotaSetDefaults" + suffix);
        versioned.MapGroup("").RequireAdmin("quota_set:update").MapApiGroup("Quotas")
            .MapUpdateQuotaSet(prefix).WithName("UpdateQuotaSet" + suffix);
        versioned.MapGroup("").RequireAdmin("quota_set:delete").MapApiGroup("Quotas")
            .MapDeleteQuotaSet(prefix).WithName("DeleteQuotaSet" + suffix);
    }
}
