using System.Text.Json;
using ShareHost.Api.Auth;
using ShareHost.Api.Versioning;
using ShareHost.Features.Shares.Actions;
using ShareHost.Features.Snapshots.Actions;

namespace ShareHost.Features.Snapshots.Access;

/// <summary><c>allow_access</c> (2.32): a read-only rule on a mountable snapshot; 202 with the rule, applied in the background.</summary>
public sealed class AllowSnapshotAccessAction(SnapshotAccessService service) : ISnapshotAction
{
    public IReadOnlyList<ActionName> Names { get; } = [new("allow_access", "2.32")];

    public async Task<IResult> HandleAsync(ShareActionContext context, SnapshotRecord snapshot, JsonElement body, CancellationToken cancellationToken)
    {
        context.Caller.EnsureMember("share_snapshot:allow_access");
        var request = await ActionBody.ReadAsync<AllowSnapshotAccessRequest>(context, body, cancellationToken);
        var accessTo = SnapshotAccessValidation.Validate(context.ActionKey, request.AccessType, request.AccessTo, context.Http.ApiVersion().AtLeast("2.38"));
        var rule = await service.AllowAsync(snapshot, request.AccessType!, accessTo, context.Caller.RequestId, cancellationToken);
        return TypedResults.Json(new Dictionary<string, object?> { ["snapshot_access"] = SnapshotAccessView.Render(rule) },
            statusCode: StatusCodes.Status202Accepted);
    }
}

/// <summary><c>deny_access</c> (2.32): removes a snapshot rule; 202, the driver removes it in the background.</summary>
public sealed class DenySnapshotAccessAction(SnapshotAccessService service) : ISnapshotAction
{
    public IReadOnlyList<ActionName> Names { get; } = [new("deny_access", "2.32")];

    public async Task<IResult> HandleAsync(ShareActionContext context, SnapshotRecord snapshot, JsonElement body, CancellationToken cancellationToken)
    {
        context.Caller.EnsureMember("share_snapshot:deny_access");
        var request = await ActionBody.ReadAsync<DenySnapshotAccessRequest>(context, body, cancellationToken);
        await service.DenyAsync(snapshot, request.AccessId!, context.Caller.RequestId, cancellationToken);
        return TypedResults.Accepted((string?)null);
    }
}
