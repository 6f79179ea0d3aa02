using ShareHost.Api.Auth;
using ShareHost.Api.Versioning;

namespace ShareHost.Features.Quotas.ShowQuotaSet;

public static class ShowQuotaSetEndpoints
{
    public static RouteHandlerBuilder MapShowQuotaSet(this IEndpointRouteBuilder app, string prefix) =>
        app.MapGet(prefix + "/{projectId}", async (string projectId, HttpContext http, RequestContext caller, QuotaSetService quotas, CancellationToken cancellationToken) =>
            {
                QuotaScope.EnsureProjectScope(http, projectId);
                QuotaScope.EnsureMayView(caller, projectId);
                var (limits, _) = await quotas.GetAsync(projectId, cancellationToken);
                return TypedResults.Ok(QuotaSetView.Limits(http.ApiVersion(), projectId, limits));
            })
            .WithSummary("Show a project's quotas (defaults with the admin's overrides); -1 is unlimited. Any project for admins, the caller's own otherwise.");

    public static RouteHandlerBuilder MapShowQuotaSetDefaults(this IEndpointRouteBuilder app, string prefix) =>
        app.MapGet(prefix + "/{projectId}/defaults", (string projectId, HttpContext http, QuotaRepository quotas) =>
            {
                QuotaScope.EnsureProjectScope(http, projectId);
                return TypedResults.Ok(QuotaSetView.Limits(http.ApiVersion(), projectId, quotas.Defaults()));
            })
            .WithSummary("Show the default quotas (section Quotas:Defaults of the configuration).");

    public static RouteHandlerBuilder MapShowQuotaSetDetail(this IEndpointRouteBuilder app, string prefix) =>
        app.MapGet(prefix + "/{projectId}/detail", async (string projectId, HttpContext http, RequestContext caller, QuotaSetService quotas, CancellationToken cancellationToken) =>
            {
                QuotaScope.EnsureProjectScope(http, projectId);
                QuotaScope.EnsureMayView(caller, projectId);
                var (limits, usage) = await quotas.GetAsync(projectId, cancellationToken);
                return TypedResults.Ok(QuotaSetView.Detail(http.ApiVersion(), projectId, limits, usage));
            })
            .WithSummary("Show a project's quotas with usage: each resource as {limit, in_use, reserved} (2.25+).");
}
