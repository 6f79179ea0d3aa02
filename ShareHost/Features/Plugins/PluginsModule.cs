using ShareHost.Api;
using ShareHost.Api.Auth;
using ShareHost.Features.Plugins.ListBackends;
using ShareHost.Features.Plugins.ListPlugins;

namespace ShareHost.Features.Plugins;

/// <summary>ShareHost's own admin endpoints under <c>/v2/sharehost</c>: what the plugin host loaded and how each backend is doing.</summary>
public static class PluginsModule
{
    public static IEndpointRouteBuilder MapPlugins(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").RequireAdmin("sharehost:admin").MapApiGroup("ShareHost extensions");
        group.MapListPlugins();
        group.MapListBackends();
        return app;
    }
}
