using ShareHost.Abstractions;
using ShareHost.Plugins;

namespace ShareHost.Features.Plugins.ListPlugins;

public static class ListPluginsEndpoint
{
    public static RouteHandlerBuilder MapListPlugins(this IEndpointRouteBuilder app) =>
        app.MapGet("/v2/sharehost/plugins", (PluginCatalog catalog) =>
                TypedResults.Ok(new Dictionary<string, object?>
                {
                    ["host_contract_version"] = ContractInfo.Current.ToString(2),
                    ["plugins"] = catalog.Plugins.Select(p => new Dictionary<string, object?>
                    {
                        ["name"] = p.Name,
                        ["folder"] = p.Folder,
                        ["version"] = p.Version,
                        ["contract_version"] = p.ContractVersion,
                        ["loaded"] = p.Loaded,
                        ["error"] = p.Error,
                        ["drivers"] = p.Drivers.Keys.Order(StringComparer.Ordinal).ToList(),
                    }).ToList(),
                }))
            .WithName("ListPlugins")
            .WithSummary("ShareHost extension (admin): every folder under the plugins path with its manifest's name, version and " +
                "contract_version, whether it loaded, the error when it did not (no manifest, corrupt DLL, contract too new …), " +
                "and the driver names it provides. host_contract_version is the driver contract this host implements.");
}
