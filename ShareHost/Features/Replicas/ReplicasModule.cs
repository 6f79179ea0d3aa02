using Quartz;
using ShareHost.Api;
using ShareHost.Features.Jobs;
using ShareHost.Features.Operations;
using ShareHost.Features.Replicas.Actions;
using ShareHost.Features.Replicas.CreateReplica;
using ShareHost.Features.Replicas.DeleteReplica;
using ShareHost.Features.Replicas.ExportLocations;
using ShareHost.Features.Replicas.ListReplicas;
using ShareHost.Features.Replicas.PromoteReplica;
using ShareHost.Features.Replicas.Resize;
using ShareHost.Features.Replicas.ResyncReplica;
using ShareHost.Features.Replicas.Snapshots;
using ShareHost.Features.Replicas.States;

namespace ShareHost.Features.Replicas;

/// <summary>Share replication (issue 7): replicas as share instances, promote, resync, and the replica state poll.</summary>
public static class ReplicasModule
{
    public static IServiceCollection AddReplicas(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ReplicationOptions>(configuration.GetSection(ReplicationOptions.Section));
        services.AddSingleton<ReplicaRepository>();
        services.AddSingleton<ReplicaLookup>();
        services.AddSingleton<ReplicaView>();
        services.AddSingleton<ReplicaDrivers>();
        services.AddSingleton<CreateReplicaService>();
        services.AddSingleton<IOperationHandler, CreateReplicaHandler>();
        services.AddSingleton<DeleteReplicaService>();
        services.AddSingleton<IOperationHandler, DeleteReplicaHandler>();
        services.AddSingleton<PromoteReplicaService>();
        services.AddSingleton<IOperationHandler, PromoteReplicaHandler>();
        services.AddSingleton<ResyncReplicaService>();
        services.AddSingleton<IOperationHandler, ResyncReplicaHandler>();
        services.AddSingleton<ReplicaStateUpdater>();
        services.AddSingleton<ReplicaResizer>();
        services.AddSingleton<ReplicatedSnapshots>();
        var seconds = configuration.GetSection(ReplicationOptions.Section).Get<ReplicationOptions>()?.PollSeconds ?? new ReplicationOptions().PollSeconds;
        services.AddQuartz(quartz => JobsModule.Every<ReplicaStatePollJob>(quartz, "poll-replica-states", seconds));
        return services;
    }

    public static IEndpointRouteBuilder MapReplicas(this IEndpointRouteBuilder app)
    {
        var group = app.MapApiGroup("Share replicas");
        group.MapCreateReplica();
        group.MapListReplicas();
        group.MapDeleteReplica();
        group.MapReplicaActions();
        group.MapReplicaExportLocations();
        return app;
    }
}
