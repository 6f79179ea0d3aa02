using ShareHost.Api.Auth;
using ShareHost.Api.Versioning;
using ShareHost.Features.Shares;

namespace ShareHost.Features.AccessRules.BulkChange;

/// <summary>
/// ShareHost extension: add and remove many rules of one share in one request, atomically. The whole set is validated
/// first (a refusal names the first bad item, e.g. <c>add[3].access_to</c>) and queued in one transaction, or nothing
/// is. Answers every rule of the share afterwards, as <c>{"access_list": [...]}</c>.
/// </summary>
public static class BulkAccessChangeEndpoint
{
    public static RouteHandlerBuilder MapBulkAccessChange(this IEndpointRouteBuilder app) =>
        app.MapPost("/v2/sharehost/shares/{id}/access-rules", async (string id, BulkAccessChangeRequest request, HttpContext http,
                RequestContext caller, ShareLookup lookup, ShareRepository shares, AccessRuleRepository rules, AccessRuleService service,
                CancellationToken cancellationToken) =>
            {
                var share = await lookup.OwnedAsync(id, caller, "share:allow_access", cancellationToken);
                await service.ChangeAsync(share, new AccessChange
                {
                    Add = (request.Add ?? []).Select(a => new AccessRuleRequest(a?.AccessType, a?.AccessTo, a?.AccessLevel, a?.Metadata)).ToList(),
                    Remove = request.Remove ?? [],
                    Version = http.ApiVersion(),
                }, cancellationToken);
                var status = (await shares.FindAsync(share.Id, cancellationToken))?.AccessRulesStatus ?? AccessRulesStatus.Syncing;
                return TypedResults.Ok(new { access_list = AccessRuleView.List(http, await rules.ListForShareAsync(share.Id, cancellationToken), status) });
            })
            .RequireMember("share:allow_access")
            .WithName("ChangeShareAccessRules")
            .WithSummary("ShareHost extension: add and remove many access rules of a share at once, all or nothing.");
}
