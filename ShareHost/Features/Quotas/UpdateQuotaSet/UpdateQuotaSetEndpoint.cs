using ShareHost.Api.Errors;
using ShareHost.Api.Versioning;

namespace ShareHost.Features.Quotas.UpdateQuotaSet;

public static class UpdateQuotaSetEndpoint
{
    public static RouteHandlerBuilder MapUpdateQuotaSet(this IEndpointRouteBuilder app, string prefix) =>
        app.MapPut(prefix + "/{projectId}", async (string projectId, UpdateQuotaSetRequest request, HttpContext http,
                QuotaSetService quotas, CancellationToken cancellationToken) =>
            {
                QuotaScope.EnsureProjectScope(http, projectId);
                var version = http.ApiVersion();
                var changes = request.QuotaSet!.Changes();
                foreach (var resource in changes.Keys.Where(r => !QuotaSetView.IsVisible(r, version)))
                {
                    throw new BadRequestException(
                        $"Invalid input for field 'quota_set.{resource}': this quota is available from microversion {QuotaSetView.Since(resource)}.");
                }

                var limits = await quotas.UpdateAsync(projectId, changes, request.QuotaSet.Force ?? false, cancellationToken);
                return TypedResults.Ok(QuotaSetView.Limits(version, projectId, limits));
            })
            .WithSummary("Set a project's quotas (admin): {\"quota_set\": {\"shares\": 10, …, \"force\": false}}; integers ≥ -1. " +
                "A limit below current usage is refused unless force is true.");
}
