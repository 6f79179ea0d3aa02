using ShareHost.Api;
using ShareHost.Features.AccessRules.AccessMetadata;
using ShareHost.Features.AccessRules.AllowAccess;
using ShareHost.Features.AccessRules.BulkChange;
using ShareHost.Features.AccessRules.DenyAccess;
using ShareHost.Features.AccessRules.GetAccessRule;
using ShareHost.Features.AccessRules.ListAccessRules;
using ShareHost.Features.AccessRules.Sync;
using ShareHost.Features.Backends;
using ShareHost.Features.Shares.Actions;

namespace ShareHost.Features.AccessRules;

public static class AccessRulesModule
{
    public static IServiceCollection AddAccessRules(this IServiceCollection services)
    {
        services.AddOptions<AccessRuleOptions>().BindConfiguration(AccessRuleOptions.Section);
        services.AddSingleton<AccessRuleRepository>();
        services.AddSingleton<AccessMetadataRepository>();
        services.AddSingleton<AccessRuleLookup>();
        services.AddSingleton<AccessRuleService>();
        services.AddSingleton<AccessSyncRepository>();
        services.AddSingleton<AccessSyncPass>();
        services.AddSingleton<AccessSyncService>();
        services.AddSingleton<IBackendStartupHook, AccessRecovery>();
        services.AddShareAction<AllowAccessAction>();
        services.AddShareAction<DenyAccessAction>();
        services.AddShareAction<AccessListAction>();
        return services;
    }

    public static IEndpointRouteBuilder MapAccessRules(this IEndpointRouteBuilder app)
    {
        var group = app.MapApiGroup("Access rules");
        group.MapListAccessRules();
        group.MapGetAccessRule();
        group.MapAccessMetadata();
        group.MapBulkAccessChange();
        return app;
    }
}
