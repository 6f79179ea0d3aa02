namespace ShareHost.Features.Quotas.DeleteQuotaSet;

public static class DeleteQuotaSetEndpoint
{
    public static RouteHandlerBuilder MapDeleteQuotaSet(this IEndpointRouteBuilder app, string prefix) =>
        app.MapDelete(prefix + "/{projectId}", async (string projectId, HttpContext http, QuotaSetService quotas, CancellationToken cancellationToken) =>
            {
                QuotaScope.EnsureProjectScope(http, projectId);
                await quotas.ResetAsync(projectId, cancellationToken);
                return TypedResults.Accepted((string?)null);
            })
            .WithSummary("Remove a project's quota overrides (admin): it is back to the defaults.");
}
