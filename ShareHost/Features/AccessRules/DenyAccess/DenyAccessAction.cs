using System.Text.Json;
using ShareHost.Api.Auth;
using ShareHost.Api.Versioning;
using ShareHost.Features.Shares;
using ShareHost.Features.Shares.Actions;

namespace ShareHost.Features.AccessRules.DenyAccess;

/// <summary><c>deny_access</c> (2.7+; <c>os-deny_access</c> 2.0–2.6): 202; the rule goes queued_to_deny and is removed by the sync.</summary>
public sealed class DenyAccessAction(ShareLookup lookup, AccessRuleService service) : IShareAction
{
    public IReadOnlyList<ActionName> Names { get; } = [new("os-deny_access", "2.0", "2.6"), new("deny_access", "2.7")];

    public async Task<IResult> HandleAsync(ShareActionContext context, JsonElement body, CancellationToken cancellationToken)
    {
        context.Caller.EnsureMember("share:deny_access");
        var share = context.Share is { } found
            ? ShareLookup.Owned(found, context.Caller, "share:deny_access")
            : await lookup.OwnedAsync(context.ShareId, context.Caller, "share:deny_access", cancellationToken);
        var request = await ActionBody.ReadAsync<DenyAccessRequest>(context, body, cancellationToken);
        await service.ChangeAsync(share, new AccessChange
        {
            Remove = [request.AccessId!],
            Version = context.Http.ApiVersion(),
            SingleRule = context.ActionKey,
        }, cancellationToken);
        return TypedResults.Accepted((string?)null);
    }
}
