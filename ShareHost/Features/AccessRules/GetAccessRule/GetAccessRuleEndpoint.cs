using ShareHost.Api.Auth;
using ShareHost.Api.Versioning;

namespace ShareHost.Features.AccessRules.GetAccessRule;

/// <summary><c>GET /v2/share-access-rules/{id}</c> (2.45+): one rule, with its share_id.</summary>
public static class GetAccessRuleEndpoint
{
    public static RouteHandlerBuilder MapGetAccessRule(this IEndpointRouteBuilder app) =>
        app.MapGet("/v2/share-access-rules/{id}", async (string id, HttpContext http, RequestContext caller, AccessRuleLookup lookup,
                CancellationToken cancellationToken) =>
            {
                var (rule, share) = await lookup.OwnedAsync(id, caller, "share_access_rule:get", cancellationToken);
                return TypedResults.Ok(new { access = AccessRuleView.Render(http, rule, share.AccessRulesStatus, withShareId: true) });
            })
            .MinVersion("2.45")
            .WithName("GetShareAccessRule")
            .WithSummary("Show one access rule.");
}
