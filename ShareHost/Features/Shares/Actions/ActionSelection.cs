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

        // Plain loops: this runs on every action call (the mount action's hot path), over every registered action.
        var known = false;
        foreach (var candidate in actions)
        {
            var candidateNames = names(candidate);
            for (var i = 0; i < candidateNames.Count; i++)
            {
                var name = candidateNames[i];
                if (name.Key != key)
                {
                    continue;
                }

                known = true;
                if (version >= ApiVersion.Parse(name.MinVersion)
                    && (name.MaxVersion is null || version <= ApiVersion.Parse(name.MaxVersion))
                    && (!name.Experimental || requested?.Experimental == true))
                {
                    return (candidate, key, keys[0].Value);
                }
            }
        }

        if (!known)
        {
            throw new BadRequestException($"There is no such action: {key}");
        }

        throw new NotFoundException("The resource could not be found.");
    }
}
