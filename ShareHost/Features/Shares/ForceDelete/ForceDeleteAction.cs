using System.Text.Json;
using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Features.Shares.Actions;
using ShareHost.Features.Shares.DeleteShare;

namespace ShareHost.Features.Shares.ForceDelete;

/// <summary>
/// Admin <c>os-force_delete</c> / <c>force_delete</c>: a delete from any status whose driver errors are recorded but
/// do not stop the rows from going (Manila: "a cleanup on the backend may be necessary").
/// </summary>
public sealed class ForceDeleteAction(ShareLookup lookup, DeleteShareService service) : IShareAction
{
    public IReadOnlyList<ActionName> Names { get; } = [new("os-force_delete", "2.0", "2.6"), new("force_delete", "2.7")];

    public async Task<IResult> HandleAsync(ShareActionContext context, JsonElement body, CancellationToken cancellationToken)
    {
        context.Caller.EnsureAdmin("share:force_delete");
        EnsureNoArguments(body, context.ActionKey);
        var share = await lookup.VisibleAsync(context.ShareId, context.Caller, cancellationToken);
        await service.DeleteAsync(share, context.Caller, force: true, cancellationToken);
        return TypedResults.Accepted((string?)null);
    }

    /// <summary>Clients send <c>null</c>; an empty object is taken as the same, anything else is refused.</summary>
    public static void EnsureNoArguments(JsonElement body, string actionKey)
    {
        if (body.ValueKind is not (JsonValueKind.Null or JsonValueKind.Object) || (body.ValueKind == JsonValueKind.Object && body.EnumerateObject().Any()))
        {
            throw new BadRequestException($"Invalid input for field '{actionKey}': the value must be null.");
        }
    }
}
