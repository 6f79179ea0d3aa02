using ShareHost.Api;
using ShareHost.Features.Operations;
using ShareHost.Features.Shares.Actions;
using ShareHost.Features.Snapshots.Access;
using ShareHost.Features.Snapshots.Actions;
using ShareHost.Features.Snapshots.CreateSnapshot;
using ShareHost.Features.Snapshots.DeleteSnapshot;
using ShareHost.Features.Snapshots.ExportLocations;
using ShareHost.Features.Snapshots.GetSnapshot;
using ShareHost.Features.Snapshots.Instances;
using ShareHost.Features.Snapshots.ListSnapshots;
using ShareHost.Features.Snapshots.Metadata;
using ShareHost.Features.Snapshots.Revert;
using ShareHost.Features.Snapshots.Schedules;
using ShareHost.Features.Snapshots.ShareFromSnapshot;
using ShareHost.Features.Snapshots.UpdateSnapshot;

namespace ShareHost.Features.Snapshots;

/// <summary>
/// Snapshots (issue 5): the Manila snapshot API, revert, shares from snapshots, mountable snapshots with read-only
/// access rules and export locations, snapshot instances and metadata, and snapshot schedules (a ShareHost extension).
/// </summary>
public static class SnapshotsModule
{
    public static IServiceCollection AddSnapshots(this IServiceCollection services)
    {
        services.AddSingleton<SnapshotRepository>();
        services.AddSingleton<SnapshotQueries>();
        services.AddSingleton<SnapshotLookup>();
        services.AddSingleton<SnapshotView>();
        services.AddSingleton<SnapshotCapabilities>();
        services.AddSingleton<SnapshotDrivers>();
        services.AddSingleton<SnapshotOperationSupport>();
        services.AddSingleton<CreateSnapshotService>();
        services.AddSingleton<IOperationHandler, CreateSnapshotHandler>();
        services.AddSingleton<DeleteSnapshotService>();
        services.AddSingleton<IOperationHandler, DeleteSnapshotHandler>();
        services.AddSnapshotAction<ResetSnapshotStatusAction>();
        services.AddSnapshotAction<ForceDeleteSnapshotAction>();

        services.AddSingleton<RevertShareService>();
        services.AddSingleton<IOperationHandler, RevertShareHandler>();
        services.AddShareAction<RevertShareAction>();

        services.AddSingleton<ShareFromSnapshotSource>();
        services.AddSingleton<ShareFromSnapshotBuilder>();

        services.AddSingleton<SnapshotAccessRepository>();
        services.AddSingleton<SnapshotAccessService>();
        services.AddSingleton<IOperationHandler, SnapshotAccessHandler>();
        services.AddSnapshotAction<AllowSnapshotAccessAction>();
        services.AddSnapshotAction<DenySnapshotAccessAction>();
        services.AddSingleton<SnapshotExportLocationView>();
        services.AddSingleton<SnapshotInstanceRepository>();
        services.AddSingleton<SnapshotMetadataRepository>();

        services.AddSingleton<SnapshotScheduleRepository>();
        services.AddSingleton<SnapshotScheduleTriggers>();
        services.AddSingleton<SnapshotScheduleRunner>();
        services.AddTransient<SnapshotScheduleJob>();
        services.AddHostedService<SnapshotScheduleStartup>();
        return services;
    }

    public static IEndpointRouteBuilder MapSnapshots(this IEndpointRouteBuilder app)
    {
        var group = app.MapApiGroup("Snapshots");
        group.MapCreateSnapshot();
        group.MapListSnapshots();
        group.MapGetSnapshot();
        group.MapUpdateSnapshot();
        group.MapDeleteSnapshot();
        group.MapSnapshotActions();
        group.MapListSnapshotAccess();
        group.MapSnapshotExportLocations();
        group.MapSnapshotMetadata();
        group.MapSnapshotInstances();
        app.MapApiGroup("Snapshot schedules").MapSnapshotSchedules();
        return app;
    }
}
