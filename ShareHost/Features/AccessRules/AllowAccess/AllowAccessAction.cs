using System.Text.Json;
using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Api.Versioning;
using ShareHost.Features.Shares;
using ShareHost.Features.Shares.Actions;

namespace ShareHost.Features.AccessRules.AllowAccess;

/// <summary><c>allow_access</c> (2.7+; <c>os-allow_access</c> 2.0–2.6): 200 with the new rule, queued_to_apply.</summary>
public sealed class AllowAccessAction(ShareLookup lookup, AccessRuleService service) : IShareAction
{
    public IReadOnlyList<ActionName> Names { get; } = [new("os-allow_access", "2.0", "2.6"), new("allow_access", "2.7")];

    public async Task<IResult> HandleAsync(ShareActionContext context, JsonElement body, CancellationToken cancellationToken)
    {
        context.Caller.EnsureMember("share:allow_access");
        var share = context.Share is { } found
            ? ShareLookup.Owned(found, context.Caller, "share:allow_access")
            : await lookup.OwnedAsync(context.ShareId, context.Caller, "share:allow_access", cancellationToken);
        var version = context.Http.ApiVersion();
        var request = await ActionBody.ReadAsync<AllowAccessRequest>(context, body, cancellationToken);
        if (request.Metadata is not null && !version.AtLeast("2.45"))
        {
            throw new BadRequestException($"Invalid input for field '{context.ActionKey}.metadata': access rule metadata is accepted from microversion 2.45.");
        }

        var result = await service.ChangeAsync(share, new AccessChange
        {
            Add = [new AccessRuleRequest(request.AccessType, request.AccessTo, request.AccessLevel, request.Metadata)],
            Version = version,
            SingleRule = context.ActionKey,
        }, cancellationToken);
        // The change has just made the share syncing (shown as "new" on a rule before 2.28).
        return TypedResults.Ok(new { access = AccessRuleView.Render(context.Http, result.Added[0], AccessRulesStatus.Syncing, withShareId: true) });
    }
}
