using ShareHost.Features.Scheduling.Filters;

namespace ShareHost.Features.Scheduling;

public static class SchedulingModule
{
    public static IServiceCollection AddScheduling(this IServiceCollection services)
    {
        // Filters run in Manila's default order.
        services.AddSingleton<IPoolFilter, AvailabilityZoneFilter>();
        services.AddSingleton<IPoolFilter, CapacityFilter>();
        services.AddSingleton<IPoolFilter, CapabilitiesFilter>();
        services.AddSingleton<PoolCatalog>();
        services.AddSingleton<FilterScheduler>();
        return services;
    }
}
