using System.Reflection;

namespace ShareHost.Api.Auth;

/// <summary>Who is calling: set by <see cref="TokenAuthMiddleware"/>, bound into handlers as a parameter.</summary>
public sealed record RequestContext(string UserId, string ProjectId, IReadOnlySet<string> Roles, string RequestId)
{
    public bool IsAdmin => Roles.Contains(Role.Admin);

    /// <summary>Members and admins may change resources; readers may only look.</summary>
    public bool CanWrite => IsAdmin || Roles.Contains(Role.Member);

    /// <summary>The project a listing is scoped to, or null for all (admin with <c>all_tenants</c>).</summary>
    public string? ScopeProject(bool allTenants) => IsAdmin && allTenants ? null : ProjectId;

    /// <summary>Whether the caller may see a resource owned by <paramref name="ownerProjectId"/>.</summary>
    public bool CanSee(string ownerProjectId) => IsAdmin || ownerProjectId == ProjectId;

    public static ValueTask<RequestContext?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult(context.Features.Get<RequestContext>());

    public static class Role
    {
        public const string Admin = "admin";
        public const string Member = "member";
        public const string Reader = "reader";
    }
}
