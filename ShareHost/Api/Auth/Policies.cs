using ShareHost.Api.Errors;

namespace ShareHost.Api.Auth;

/// <summary>Manila's default policies for the three roles, as route conventions.</summary>
public static class Policies
{
    /// <summary>Admin only (force_delete, reset_status, share-type writes, services, pools …).</summary>
    public static TBuilder RequireAdmin<TBuilder>(this TBuilder builder, string policy)
        where TBuilder : IEndpointConventionBuilder =>
        builder.Require(new PolicyRequirement(policy, AdminOnly: true));

    /// <summary>Members or admins (create, update, delete, actions).</summary>
    public static TBuilder RequireMember<TBuilder>(this TBuilder builder, string policy)
        where TBuilder : IEndpointConventionBuilder =>
        builder.Require(new PolicyRequirement(policy, AdminOnly: false));

    /// <summary>For checks inside handlers: throws 403 unless the caller is an admin.</summary>
    public static void EnsureAdmin(this RequestContext caller, string policy)
    {
        if (!caller.IsAdmin)
        {
            throw new ForbiddenException($"Policy doesn't allow {policy} to be performed.");
        }
    }

    /// <summary>For checks inside handlers: throws 403 unless the caller may write.</summary>
    public static void EnsureMember(this RequestContext caller, string policy)
    {
        if (!caller.CanWrite)
        {
            throw new ForbiddenException($"Policy doesn't allow {policy} to be performed.");
        }
    }
}
