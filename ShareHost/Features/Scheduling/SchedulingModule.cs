using ShareHost.Api;
using ShareHost.Api.Auth;
using ShareHost.Features.Scheduling.Filters;
using ShareHost.Features.Scheduling.ListPools;

namespace ShareHost.Features.Scheduling;

public static class SchedulingModule
{
    public static IServiceCollection AddScheduling(this IServiceCollection services)
    {
        // Filters run in Manila's default order.
        services.AddSingleton<IPoolFilter, OnlyHostFilter>();
        services.AddSingleton<IPoolFilter, AvailabilityZoneFilter>();
        services.AddSingleton<IPoolFilter, CapacityFilter>();
        services.AddSingleton<IPoolFilter, CapabilitiesFilter>();
        services.AddSingleton<IPoolFilter, ShareReplicationFilter>();
        services.AddSingleton<IPoolFilter, CreateFromSnapshotFilter>();
        services.AddSingleton<PoolCatalog>();
        services.AddSingleton<FilterScheduler>();
        services.AddSingleton<PoolListing>();
        return services;
    }

    public static IEndpointRouteBuilder MapScheduling(this IEndpointRouteBuilder app)
    {
        app.MapGroup("").RequireAdmin("scheduler_stats:pools:index").MapApiGroup("Scheduler stats").MapListPools();
        return app;
    }
}
