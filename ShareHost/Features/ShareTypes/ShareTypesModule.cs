using ShareHost.Api;
using ShareHost.Features.ShareTypes.CreateShareType;
using ShareHost.Features.ShareTypes.DeleteShareType;
using ShareHost.Features.ShareTypes.ExtraSpecs;
using ShareHost.Features.ShareTypes.GetShareType;
using ShareHost.Features.ShareTypes.ListShareTypes;
using ShareHost.Features.ShareTypes.TypeAccess;
using ShareHost.Features.ShareTypes.UpdateShareType;

namespace ShareHost.Features.ShareTypes;

public static class ShareTypesModule
{
    public static IServiceCollection AddShareTypes(this IServiceCollection services)
    {
        services.AddSingleton<ShareTypeRepository>();
        services.AddSingleton<ShareTypeLookup>();
        services.AddSingleton<ShareTypeView>();
        return services;
    }

    public static IEndpointRouteBuilder MapShareTypes(this IEndpointRouteBuilder app)
    {
        var group = app.MapApiGroup("Share types");
        group.MapListShareTypes();
        group.MapGetDefaultShareType();
        group.MapGetShareType();
        group.MapCreateShareType();
        group.MapUpdateShareType();
        group.MapDeleteShareType();
        group.MapListExtraSpecs();
        group.MapSetExtraSpecs();
        group.MapUpdateExtraSpec();
        group.MapDeleteExtraSpec();
        group.MapListTypeAccess();
        group.MapShareTypeAction();
        return app;
    }
}
