using ShareHost.Api.Auth;
using ShareHost.Api.Errors;

namespace ShareHost.Features.Quotas;

/// <summary>Checks shared by the quota-set routes: whose quotas, and which scopes ShareHost keeps.</summary>
public static class QuotaScope
{
    /// <summary>Admins see any project's quotas; everyone else only their own (403 otherwise, as Manila's project check).</summary>
    public static void EnsureMayView(RequestContext caller, string projectId)
    {
        if (!caller.CanSee(projectId))
        {
            throw new ForbiddenException($"Policy doesn't allow quota_set:show to be performed for project {projectId}.");
        }
    }

    /// <summary>Quotas are per project only: Manila's per-user and per-share-type quotas are refused, not silently ignored.</summary>
    public static void EnsureProjectScope(HttpContext http, string projectId)
    {
        if (projectId.Length > 255)
        {
            throw new BadRequestException("Invalid input for field 'project_id': must be at most 255 characters.");
        }

        foreach (var parameter in new[] { "user_id", "share_type" })
        {
            if (http.Request.Query.ContainsKey(parameter))
            {
                throw new BadRequestException(
                    $"Invalid input for field '{parameter}': ShareHost keeps quotas per project only; per-user and per-share-type quotas are not supported.");
            }
        }
    }
}
