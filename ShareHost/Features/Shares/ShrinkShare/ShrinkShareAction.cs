using System.Text.Json;
using ShareHost.Api.Auth;
using ShareHost.Features.Shares.Actions;

namespace ShareHost.Features.Shares.ShrinkShare;

/// <summary><c>os-shrink</c> (2.0–2.6) / <c>shrink</c> (2.7+): make a share smaller; 202, the driver decides in the background.</summary>
public sealed class ShrinkShareAction(ShareLookup lookup, ShrinkShareService service) : IShareAction
{
    public IReadOnlyList<ActionName> Names { get; } = [new("os-shrink", "2.0", "2.6"), new("shrink", "2.7")];

    public async Task<IResult> HandleAsync(ShareActionContext context, JsonElement body, CancellationToken cancellationToken)
    {
        context.Caller.EnsureMember("share:shrink");
        var request = await ActionBody.ReadAsync<ShrinkShareRequest>(context, body, cancellationToken);
        var share = await lookup.OwnedAsync(context.ShareId, context.Caller, "share:shrink", cancellationToken);
        await service.ShrinkAsync(share.Id, request.NewSize!.Value, context.Caller, cancellationToken);
        return TypedResults.Accepted((string?)null);
    }
}
