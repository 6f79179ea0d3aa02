using System.Text.Json;
using ShareHost.Features.Shares;
using ShareHost.Features.Shares.Actions;

namespace ShareHost.Features.Mounts.Mount;

/// <summary>
/// ShareHost's <c>mount</c> share action (an extension, at every microversion): late binding of an address, a lease
/// with a fencing token, and access for the client. 200 with the mount.
/// </summary>
public sealed class MountAction(MountService service, MountView view) : IShareAction
{
    public IReadOnlyList<ActionName> Names { get; } = [new("mount", "2.0")];

    // A mount needs the share's row and its export locations, and nothing more: the dispatcher reads both on one connection.
    public bool UsesExportLocations => true;

    public async Task<IResult> HandleAsync(ShareActionContext context, JsonElement body, CancellationToken cancellationToken)
    {
        var request = await ActionBody.ReadAsync<MountRequest>(context, body, cancellationToken);
        var lease = await service.MountAsync(context.ShareId, context.Share, request, context.Caller, cancellationToken);
        return TypedResults.Ok(new Dictionary<string, object?> { ["mount"] = view.Render(context.Caller, lease, live: true) });
    }
}
