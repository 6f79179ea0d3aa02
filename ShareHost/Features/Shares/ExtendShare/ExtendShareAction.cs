using System.Text.Json;
using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Api.Versioning;
using ShareHost.Features.Shares.Actions;

namespace ShareHost.Features.Shares.ExtendShare;

/// <summary><c>os-extend</c> (2.0–2.6) / <c>extend</c> (2.7+): grow a share; 202, the driver call runs in the background.</summary>
public sealed class ExtendShareAction(ShareLookup lookup, ExtendShareService service) : IShareAction
{
    public IReadOnlyList<ActionName> Names { get; } = [new("os-extend", "2.0", "2.6"), new("extend", "2.7")];

    public async Task<IResult> HandleAsync(ShareActionContext context, JsonElement body, CancellationToken cancellationToken)
    {
        context.Caller.EnsureMember("share:extend");
        var request = await ActionBody.ReadAsync<ExtendShareRequest>(context, body, cancellationToken);
        if (request.Force is not null && !context.Http.ApiVersion().AtLeast("2.64"))
        {
            throw new BadRequestException($"Invalid input for field '{context.ActionKey}.force': it is only accepted from microversion 2.64.");
        }

        var share = await lookup.OwnedAsync(context.ShareId, context.Caller, "share:extend", cancellationToken);
        var force = request.Force == true;
        if (force)
        {
            context.Caller.EnsureAdmin("share:force_extend");
        }

        await service.ExtendAsync(share.Id, request.NewSize!.Value, force, context.Caller, cancellationToken);
        return TypedResults.Accepted((string?)null);
    }
}
