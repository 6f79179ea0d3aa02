using ShareHost.Api.Auth;
using ShareHost.Api.Errors;

namespace ShareHost.Features.ShareTypes;

/// <summary>Finds a share type the way Manila does: 404 when it does not exist or the caller's project may not use it.</summary>
public sealed class ShareTypeLookup(ShareTypeRepository types)
{
    /// <summary>By id or name; non-admins only find public types and private ones shared with their project.</summary>
    public async Task<ShareType> VisibleAsync(string idOrName, RequestContext caller, CancellationToken cancellationToken)
    {
        var type = await types.FindAsync(idOrName, cancellationToken);
        if (type is null || (!caller.IsAdmin && !await types.IsAccessibleAsync(type, caller.ProjectId, cancellationToken)))
        {
            throw NotFound(idOrName);
        }

        return type;
    }

    /// <summary>By id only, as Manila's admin routes (extra specs, access, update, delete) resolve the type.</summary>
    public async Task<ShareType> ByIdAsync(string id, CancellationToken cancellationToken) =>
        await types.FindByIdAsync(id, cancellationToken) ?? throw NotFound(id);

    public static NotFoundException NotFound(string idOrName) => new($"Share type {idOrName} could not be found.");
}
