using ShareHost.Api;
using ShareHost.Features.Operations;
using ShareHost.Features.Shares.Actions;
using ShareHost.Features.Shares.ResetStatus;
using ShareHost.Features.Shares.CreateShare;
using ShareHost.Features.Shares.DeleteShare;
using ShareHost.Features.Shares.ExtendShare;
using ShareHost.Features.Shares.ForceDelete;
using ShareHost.Features.Shares.GetShare;
using ShareHost.Features.Shares.ListShares;
using ShareHost.Features.Shares.Metadata;
using ShareHost.Features.Shares.ShareInstances;
using ShareHost.Features.Shares.ShrinkShare;
using ShareHost.Features.Shares.UpdateShare;

namespace ShareHost.Features.Shares;

public static class SharesModule
{
    public static IServiceCollection AddShares(this IServiceCollection services)
    {
        services.AddSingleton<ShareRepository>();
        services.AddSingleton<ShareQueries>();
        services.AddSingleton<ShareLookup>();
        services.AddSingleton<ShareRowCache>();
        services.AddSingleton<ShareView>();
        services.AddSingleton<ShareOperationSupport>();
        services.AddSingleton<CreateShareService>();
        services.AddSingleton<DeleteShareService>();
        services.AddSingleton<IOperationHandler, CreateShareHandler>();
        services.AddSingleton<IOperationHandler, DeleteShareHandler>();
        services.AddShareAction<ResetStatusAction>();
        services.AddSingleton<ExtendShareService>();
        services.AddSingleton<IOperationHandler, ExtendShareHandler>();
        services.AddShareAction<ExtendShareAction>();
        services.AddSingleton<ShrinkShareService>();
        services.AddSingleton<IOperationHandler, ShrinkShareHandler>();
        services.AddShareAction<ShrinkShareAction>();
        services.AddShareAction<ForceDeleteAction>();
        services.AddSingleton<ShareMetadataRepository>();
        services.AddSingleton<ShareInstanceRepository>();
        services.AddSingleton<ShareInstanceView>();
        return services;
    }

    public static IEndpointRouteBuilder MapShares(this IEndpointRouteBuilder app)
    {
        var group = app.MapApiGroup("Shares");
        group.MapCreateShare();
        group.MapListShares();
        group.MapGetShare();
        group.MapDeleteShare();
        group.MapShareActions();
        group.MapUpdateShare();
        group.MapShareMetadataCollection();
        group.MapShareMetadataItem();
        group.MapShareInstances();
        group.MapShareInstanceActions();
        return app;
    }
}
