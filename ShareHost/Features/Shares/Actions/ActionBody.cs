using System.Text.Json;
using FluentValidation;
using ShareHost.Api;
using ShareHost.Api.Errors;

namespace ShareHost.Features.Shares.Actions;

/// <summary>Reads and validates an action's value the same way endpoint bodies are: field errors name <c>action.field</c>.</summary>
public static class ActionBody
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    public static async Task<T> ReadAsync<T>(ShareActionContext context, JsonElement body, CancellationToken cancellationToken)
    {
        T? value;
        try
        {
            value = body.ValueKind == JsonValueKind.Null ? default : body.Deserialize<T>(Options);
        }
        catch (JsonException e)
        {
            throw new BadRequestException(ErrorHandlingMiddleware.JsonMessage(e, context.ActionKey));
        }

        if (value is null)
        {
            throw new BadRequestException($"The '{context.ActionKey}' action needs a JSON object value.");
        }

        if (context.Http.RequestServices.GetService<IValidator<T>>() is { } validator)
        {
            var result = await validator.ValidateAsync(value, cancellationToken);
            if (!result.IsValid)
            {
                var error = result.Errors[0];
                throw new BadRequestException($"Invalid input for field '{context.ActionKey}.{error.PropertyName}': {error.ErrorMessage}");
            }
        }

        return value;
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions();
        ManilaJson.Configure(options);
        return options;
    }
}
