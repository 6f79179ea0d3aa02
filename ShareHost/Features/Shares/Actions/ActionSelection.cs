using System.Text.Json;
using ShareHost.Api.Errors;
using ShareHost.Api.Versioning;

namespace ShareHost.Features.Shares.Actions;

/// <summary>
/// Manila's <c>…/{id}/action</c> convention, shared by every action dispatcher: the body is an object with exactly one
/// key, the action's name; an unknown name is 400; a known action asked for at a microversion that does not have it
/// (or experimental without the experimental header) looks unimplemented: 404, as in Manila.
/// </summary>
public static class ActionSelection
{
    public static (TAction Action, string Key, JsonElement Body) Select<TAction>(
        JsonElement body, HttpContext http, IEnumerable<TAction> actions, Func<TAction, IReadOnlyList<ActionName>> names)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new BadRequestException("The action body must be a JSON object with exactly one key, the action's name.");
        }

        var keys = body.EnumerateObject().ToList();
        if (keys.Count != 1)
        {
            throw new BadRequestException($"The action body must have exactly one key, the action's name (got {keys.Count}).");
        }

        var key = keys[0].Name;
        var requested = http.Features.Get<RequestedVersion>();
        var version = requested?.Version ?? VersionHistory.Default;
        var named = actions.Where(a => names(a).Any(n => n.Key == key)).ToList();
        if (named.Count == 0)
        {
            throw new BadRequestException($"There is no such action: {key}");
        }

        var action = named.FirstOrDefault(a => names(a).Any(n => n.Key == key
            && version >= ApiVersion.Parse(n.MinVersion)
            && (n.MaxVersion is null || version <= ApiVersion.Parse(n.MaxVersion))
            && (!n.Experimental || requested?.Experimental == true)));
        if (action is null)
        {
            throw new NotFoundException("The resource could not be found.");
        }

        return (action, key, keys[0].Value);
    }
}
