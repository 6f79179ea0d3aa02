using Quartz;
using ShareHost.Api;
using ShareHost.Api.Auth;
using ShareHost.Features.Jobs;
using ShareHost.Features.Mounts.Access;
using ShareHost.Features.Mounts.Expiry;
using ShareHost.Features.Mounts.GetMount;
using ShareHost.Features.Mounts.Leases;
using ShareHost.Features.Mounts.ListMounts;
using ShareHost.Features.Mounts.Mount;
using ShareHost.Features.Mounts.MountActions;
using ShareHost.Features.Mounts.Pools;
using ShareHost.Features.Ownership;
using ShareHost.Features.Scheduling.ListPools;
using ShareHost.Features.Shares.Actions;
using ShareHost.Features.Snapshots;
using ShareHost.Features.Snapshots.Actions;
using ShareHost.Features.Mounts.MountSnapshot;

namespace ShareHost.Features.Mounts;

/// <summary>Mounts (issue 3): late-bound addresses from per-backend pools, mount leases with fencing, their expiry.</summary>
public static class MountsModule
{
    public static IServiceCollection AddMounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<MountOptions>(configuration.GetSection(MountOptions.Section));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<LeaseClock>();
        services.AddSingleton<LeaseWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<LeaseWriter>());
        services.AddSingleton<LeaseTable>();
        services.AddSingleton<MountLeaseRepository>();
        services.AddSingleton<IOwnershipListener, LeaseLoader>();
        services.AddSingleton<IOwnershipListener, OrphanMountRules>();
        services.AddSingleton<ShareMountRules>();
        services.AddSingleton<SnapshotMountRules>();
        services.AddSingleton<MountRuleWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<MountRuleWriter>());
        services.AddSingleton<RuleMountAccess>();
        services.AddSingleton<IMountAccess>(sp => MountAccessMode.Select(sp, configuration));
        services.AddSingleton<AddressPools>();
        services.AddSingleton<AddressPoolView>();
        services.AddSingleton<IPoolDetailContributor, PoolAddressCapabilities>();
        services.AddSingleton<AddressChooser>();
        services.AddSingleton<MountTargets>();
        services.AddSingleton<MountService>();
        services.AddSingleton<MountLeaseService>();
        services.AddSingleton<MountView>();
        services.AddSingleton<LeaseExpiry>();
        services.AddShareAction<MountAction>();
        services.AddSnapshotAction<SnapshotMountAction>();
        services.AddSingleton<ISnapshotMounts, SnapshotLeases>();
        var seconds = configuration.GetValue<double?>("Jobs:LeaseExpirySeconds") ?? 5;
        services.AddQuartz(quartz => JobsModule.Every<LeaseExpiryJob>(quartz, "expire-mount-leases", seconds));
        return services;
    }

    public static IEndpointRouteBuilder MapMounts(this IEndpointRouteBuilder app)
    {
        var mounts = app.MapApiGroup("ShareHost extensions: mounts");
        mounts.MapListMounts();
        mounts.MapGetMount();
        mounts.MapMountActions();
        mounts.MapReleaseMount();

        var admin = app.MapGroup("").RequireAdmin("sharehost:admin").MapApiGroup("ShareHost extensions");
        admin.MapListAddressPools();
        admin.MapMountExpiry();
        return app;
    }
}
