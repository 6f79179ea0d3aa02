using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Api.Versioning;
using ShareHost.Features.Shares;
using ShareHost.Api;

namespace ShareHost.Features.AccessRules.ListAccessRules;

/// <summary>
/// <c>GET /v2/share-access-rules?share_id=</c> (2.45+): the share's rules as <c>{"access_list": [...]}</c>. share_id is
/// required; optional exact filters access_type, access_to, access_level, access_key, and metadata as a dict literal.
/// </summary>
public static class ListAccessRulesEndpoint
{
    private static readonly string[] ExactFilters = ["access_type", "access_to", "access_level", "access_key"];

    public static RouteHandlerBuilder MapListAccessRules(this IEndpointRouteBuilder app) =>
        app.MapGet("/v2/share-access-rules", async (HttpContext http, RequestContext caller, ShareLookup lookup, AccessRuleRepository rules,
                CancellationToken cancellationToken) =>
            {
                var query = http.Request.Query;
                var shareId = query["share_id"].ToString();
                if (shareId.Length == 0)
                {
                    throw new BadRequestException("Invalid input for query parameter 'share_id': the share_id parameter is required.");
                }

                Dictionary<string, string>? metadata = null;
                if (query.TryGetValue("metadata", out var metadataText) && metadataText.ToString().Length > 0)
                {
                    metadata = PythonDictLiteral.TryParse(metadataText.ToString())
                        ?? throw new BadRequestException("Invalid input for query parameter 'metadata': expected a dictionary such as {'key': 'value'}.");
                }

                var share = await lookup.OwnedAsync(shareId, caller, "share_access_rule:index", cancellationToken);
                var list = (await rules.ListForShareAsync(share.Id, cancellationToken))
                    .Where(r => ExactFilters.All(f => !query.TryGetValue(f, out var wanted) || Field(r, f) == wanted.ToString()))
                    .Where(r => metadata is null || metadata.All(m => r.Metadata.TryGetValue(m.Key, out var value) && value == m.Value));
                return TypedResults.Ok(new { access_list = AccessRuleView.List(http, list, share.AccessRulesStatus) });
            })
            .MinVersion("2.45")
            .WithName("ListShareAccessRules")
            .WithSummary("List a share's access rules (share_id is required).");

    private static string? Field(AccessRule rule, string name) => name switch
    {
        "access_type" => rule.AccessType,
        "access_to" => rule.AccessTo,
        "access_level" => rule.AccessLevel,
        _ => rule.AccessKey,
    };
}
