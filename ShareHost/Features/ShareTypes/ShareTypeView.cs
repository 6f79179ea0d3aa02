using Microsoft.Extensions.Options;
using ShareHost.Api;
using ShareHost.Api.Auth;
using ShareHost.Api.Versioning;

namespace ShareHost.Features.ShareTypes;

/// <summary>
/// The share type's JSON, each field gated on the microversion that introduced it. Manila answers every type under
/// two keys, <c>share_type</c> and the legacy <c>volume_type</c> (<c>share_types</c> / <c>volume_types</c> for lists).
/// </summary>
public sealed class ShareTypeView(IOptionsMonitor<ShareHostOptions> options)
{
    public Dictionary<string, object?> One(HttpContext http, RequestContext caller, ShareType type)
    {
        var view = Render(http, caller, type);
        return new Dictionary<string, object?> { ["share_type"] = view, ["volume_type"] = view };
    }

    public Dictionary<string, object?> List(HttpContext http, RequestContext caller, IEnumerable<ShareType> types)
    {
        var views = types.Select(t => Render(http, caller, t)).ToList();
        return new Dictionary<string, object?> { ["share_types"] = views, ["volume_types"] = views };
    }

    public Dictionary<string, object?> Render(HttpContext http, RequestContext caller, ShareType type)
    {
        var version = http.ApiVersion();
        var extraSpecs = Visible(caller, type.ExtraSpecs);
        if (!caller.IsAdmin && version.AtLeast("2.24"))
        {
            foreach (var key in StandardExtraSpecs.InferredForTenants)
            {
                extraSpecs.TryAdd(key, "False");
            }
        }

        var view = new Dictionary<string, object?>
        {
            ["id"] = type.Id,
            ["name"] = type.Name,
            ["extra_specs"] = extraSpecs,
            ["required_extra_specs"] = Required(type),
        };
        view[version.AtLeast("2.7") ? "share_type_access:is_public" : "os-share-type-access:is_public"] = type.IsPublic;

        if (version.AtLeast("2.41"))
        {
            view["description"] = type.Description;
        }

        if (version.AtLeast("2.46"))
        {
            view["is_default"] = options.CurrentValue.DefaultShareType is { Length: > 0 } name && name == type.Name;
        }

        return view;
    }

    /// <summary>Manila shows the required specs only when they are valid; a type with a broken one shows none.</summary>
    private static Dictionary<string, string> Required(ShareType type) =>
        type.ExtraSpecs.TryGetValue(StandardExtraSpecs.DriverHandlesShareServers, out var dhss) && (Bools.IsTrue(dhss) || Bools.IsFalse(dhss))
            ? new Dictionary<string, string> { [StandardExtraSpecs.DriverHandlesShareServers] = dhss }
            : [];

    private static Dictionary<string, string> Visible(RequestContext caller, IReadOnlyDictionary<string, string> specs) =>
        specs.Where(s => caller.IsAdmin || StandardExtraSpecs.TenantVisible.Contains(s.Key))
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
}
