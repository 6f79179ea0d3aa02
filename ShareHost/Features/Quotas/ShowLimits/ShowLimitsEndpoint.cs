using ShareHost.Api.Auth;
using ShareHost.Api.Versioning;

namespace ShareHost.Features.Quotas.ShowLimits;

public static class ShowLimitsEndpoint
{
    public static RouteHandlerBuilder MapShowLimits(this IEndpointRouteBuilder app) =>
        app.MapGet("/v2/limits", async (HttpContext http, RequestContext caller, QuotaSetService quotas, CancellationToken cancellationToken) =>
            {
                var (limits, usage) = await quotas.GetAsync(caller.ProjectId, cancellationToken);
                return TypedResults.Ok(QuotaSetView.AbsoluteLimits(http.ApiVersion(), limits, usage));
            })
            .WithName("ShowLimits")
            .WithSummary("The caller's project limits and usage: {\"limits\": {\"rate\": [], \"absolute\": {maxTotalShares, totalSharesUsed, …}}}.");
}
