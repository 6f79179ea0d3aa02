using ShareHost.Api.Auth;

namespace ShareHost.Features.Shares.Metadata;

/// <summary>Keys only admins may write or delete (Manila 2.68: set by the affinity scheduler hints).</summary>
public static class AdminOnlyMetadata
{
    public static readonly IReadOnlySet<string> Keys = new HashSet<string>(StringComparer.Ordinal)
    {
        "__affinity_same_host", "__affinity_different_host",
    };

    public static void EnsureAllowed(RequestContext caller, IEnumerable<string> keys)
    {
        if (!caller.IsAdmin && keys.Any(Keys.Contains))
        {
            caller.EnsureAdmin("share:update_admin_only_metadata");
        }
    }

    /// <summary>Replace-all by a non-admin keeps the admin-only items it may not touch.</summary>
    public static Func<string, bool> KeptOnReplace(RequestContext caller) => key => !caller.IsAdmin && Keys.Contains(key);
}
