using Quartz;
using ShareHost.Features.Jobs;
using ShareHost.Features.Operations;

namespace ShareHost.Features.Ownership;

public static class OwnershipModule
{
    public static IServiceCollection AddOwnership(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<OwnershipOptions>(configuration.GetSection(OwnershipOptions.Section));
        services.AddSingleton<HolderIdentity>();
        services.AddSingleton<BackendLeaseRepository>();
        services.AddSingleton<OwnershipService>();
        services.AddSingleton<IOperationGate, OwnershipOperationGate>();
        var seconds = configuration.GetValue<double?>("Jobs:BackendLeaseRenewSeconds") ?? 5;
        services.AddQuartz(quartz => JobsModule.Every<BackendLeaseRenewJob>(quartz, "renew-backend-leases", seconds));
        return services;
    }
}
