using ShareHost.Api;
using ShareHost.Features.Operations;
using ShareHost.Features.Shares.Actions;
using ShareHost.Features.Shares.ResetStatus;
using ShareHost.Features.Shares.CreateShare;
using ShareHost.Features.Shares.DeleteShare;
using ShareHost.Features.Shares.GetShare;
using ShareHost.Features.Shares.ListShares;

namespace ShareHost.Features.Shares;

public static class SharesModule
{
    public static IServiceCollection AddShares(this IServiceCollection services)
    {
        services.AddSingleton<ShareRepository>();
        services.AddSingleton<ShareQueries>();
        services.AddSingleton<ShareLookup>();
        services.AddSingleton<ShareView>();
        services.AddSingleton<ShareOperationSupport>();
        services.AddSingleton<CreateShareService>();
        services.AddSingleton<DeleteShareService>();
        services.AddSingleton<IOperationHandler, CreateShareHandler>();
        services.AddSingleton<IOperationHandler, DeleteShareHandler>();
        services.AddShareAction<ResetStatusAction>();
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
        return app;
    }
}
