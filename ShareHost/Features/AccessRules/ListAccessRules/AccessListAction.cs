using System.Text.Json;
using ShareHost.Features.Shares;
using ShareHost.Features.Shares.Actions;

namespace ShareHost.Features.AccessRules.ListAccessRules;

/// <summary>The legacy <c>access_list</c> action (2.7–2.44; <c>os-access_list</c> 2.0–2.6), replaced by <c>GET /share-access-rules</c> in 2.45.</summary>
public sealed class AccessListAction(ShareLookup lookup, AccessRuleRepository rules) : IShareAction
{
    public IReadOnlyList<ActionName> Names { get; } = [new("os-access_list", "2.0", "2.6"), new("access_list", "2.7", "2.44")];

    public async Task<IResult> HandleAsync(ShareActionContext context, JsonElement body, CancellationToken cancellationToken)
    {
        var share = context.Share is { } found
            ? ShareLookup.Owned(found, context.Caller, "share:access_get_all")
            : await lookup.OwnedAsync(context.ShareId, context.Caller, "share:access_get_all", cancellationToken);
        var list = await rules.ListForShareAsync(share.Id, cancellationToken);
        return TypedResults.Ok(new { access_list = AccessRuleView.List(context.Http, list, share.AccessRulesStatus) });
    }
}
