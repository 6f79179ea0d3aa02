using System.Text.Json;
using FluentValidation;
using ShareHost.Api;
using ShareHost.Api.Auth;
using ShareHost.Api.Errors;

namespace ShareHost.Features.ShareTypes.TypeAccess;

/// <summary>
/// <c>POST /v2/types/{id}/action</c> (admin): <c>{"addProjectAccess": {"project": …}}</c> or
/// <c>{"removeProjectAccess": {…}}</c>. Only private types have an access list (409 on a public one, as in Manila).
/// </summary>
public static class ShareTypeActionEndpoint
{
    public const string Add = "addProjectAccess";
    public const string Remove = "removeProjectAccess";

    private static readonly JsonSerializerOptions Json = CreateOptions();

    public static RouteHandlerBuilder MapShareTypeAction(this IEndpointRouteBuilder app) =>
        app.MapPost("/v2/types/{id}/action", async (string id, JsonElement body, RequestContext caller, ShareTypeLookup lookup,
                ShareTypeRepository types, IValidator<ProjectAccessRequest> validator, CancellationToken cancellationToken) =>
            {
                var (action, value) = SingleKey(body);
                caller.EnsureAdmin(action == Add ? "share_type:add_project_access" : "share_type:remove_project_access");
                var project = (await ReadAsync(action, value, validator, cancellationToken)).Project!;
                var type = await lookup.ByIdAsync(id, cancellationToken);
                if (type.IsPublic)
                {
                    throw new ConflictException($"Type access modification is not applicable to public share type {type.Name}.");
                }

                if (action == Add && !await types.AddProjectAccessAsync(type.Id, project, cancellationToken))
                {
                    throw new ConflictException($"Share type access for share type {type.Id} and project {project} already exists.");
                }

                if (action == Remove && !await types.RemoveProjectAccessAsync(type.Id, project, cancellationToken))
                {
                    throw new NotFoundException($"Share type access not found for share type {type.Id} and project {project}.");
                }

                return TypedResults.Accepted((string?)null);
            })
            .WithName("ShareTypeAction")
            .WithSummary("Grant (addProjectAccess) or revoke (removeProjectAccess) a project's use of a private share type (admin).");

    private static (string Action, JsonElement Value) SingleKey(JsonElement body)
    {
        var keys = body.ValueKind == JsonValueKind.Object ? body.EnumerateObject().ToList() : null;
        if (keys is not { Count: 1 })
        {
            throw new BadRequestException("The action body must be a JSON object with exactly one key, the action's name.");
        }

        return keys[0].Name is Add or Remove
            ? (keys[0].Name, keys[0].Value)
            : throw new BadRequestException($"There is no such action: {keys[0].Name}");
    }

    private static async Task<ProjectAccessRequest> ReadAsync(string action, JsonElement value, IValidator<ProjectAccessRequest> validator, CancellationToken cancellationToken)
    {
        ProjectAccessRequest? request;
        try
        {
            request = value.ValueKind == JsonValueKind.Object ? value.Deserialize<ProjectAccessRequest>(Json) : null;
        }
        catch (JsonException e)
        {
            throw new BadRequestException(ErrorHandlingMiddleware.JsonMessage(e, action));
        }

        if (request is null)
        {
            throw new BadRequestException($"The '{action}' action needs a JSON object value: {{\"project\": \"<project id>\"}}.");
        }

        var result = await validator.ValidateAsync(request, cancellationToken);
        return result.IsValid
            ? request
            : throw new BadRequestException($"Invalid input for field '{action}.{result.Errors[0].PropertyName}': {result.Errors[0].ErrorMessage}");
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions();
        ManilaJson.Configure(options);
        return options;
    }
}
