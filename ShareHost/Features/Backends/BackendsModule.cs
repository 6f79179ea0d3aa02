using ShareHost.Features.AvailabilityZones;
using ShareHost.Plugins;

namespace ShareHost.Features.Backends;

public static class BackendsModule
{
    public static IServiceCollection AddBackends(this IServiceCollection services)
    {
        services.AddSingleton<PluginCatalog>();
        services.AddSingleton<DriverInvoker>();
        services.AddSingleton<BackendRegistry>();
        services.AddSingleton<ShareReconciler>();
        services.AddSingleton<AvailabilityZoneRepository>();
        services.AddHostedService<BackendStartup>();
        return services;
    }
}
