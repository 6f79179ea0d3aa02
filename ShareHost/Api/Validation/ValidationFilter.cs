using System.Reflection;
using FluentValidation;
using ShareHost.Api.Errors;

namespace ShareHost.Api.Validation;

/// <summary>
/// The API group's outermost filter: checks the route's requirements (microversion range, then policy) and then
/// validates every handler argument that has a FluentValidation validator, so a bad request never reaches a service
/// or a driver. The error names the field and the reason.
/// </summary>
public static class ValidationFilter
{
    public static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var services = context.ApplicationServices;
        var validated = context.MethodInfo.GetParameters()
            .Select((parameter, index) => (Index: index, Validator: services.GetService(typeof(IValidator<>).MakeGenericType(parameter.ParameterType)) as IValidator))
            .Where(p => p.Validator is not null)
            .ToList();
        // One filter per endpoint: its requirements are sorted once, on its first request, not on every one.
        IEndpointRequirement[]? requirements = null;
        return async invocation =>
        {
            if (requirements is null && invocation.HttpContext.GetEndpoint() is { } endpoint)
            {
                requirements = EndpointRequirementExtensions.Ordered(endpoint.Metadata);
            }

            foreach (var requirement in requirements ?? [])
            {
                requirement.Check(invocation.HttpContext);
            }

            foreach (var (index, validator) in validated)
            {
                var argument = invocation.Arguments[index];
                if (argument is null)
                {
                    throw new BadRequestException("The request body is missing.");
                }

                var result = await validator!.ValidateAsync(new ValidationContext<object>(argument), invocation.HttpContext.RequestAborted);
                if (!result.IsValid)
                {
                    var error = result.Errors[0];
                    throw new BadRequestException($"Invalid input for field '{error.PropertyName}': {error.ErrorMessage}");
                }
            }

            return await next(invocation);
        };
    }

    /// <summary>Registers every validator in the host assembly (FluentValidation's DI package is not available here).</summary>
    public static IServiceCollection AddValidatorsFromHost(this IServiceCollection services)
    {
        ValidatorOptions.Global.PropertyNameResolver = (_, member, expression) => SnakePath(member, expression);
        ValidatorOptions.Global.DisplayNameResolver = (_, member, expression) => SnakePath(member, expression);
        ValidatorOptions.Global.LanguageManager.Enabled = true;
        ValidatorOptions.Global.LanguageManager.Culture = System.Globalization.CultureInfo.InvariantCulture;

        foreach (var type in typeof(ValidationFilter).Assembly.GetTypes().Where(t => t is { IsAbstract: false, IsGenericTypeDefinition: false }))
        {
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidator<>)))
            {
                services.AddSingleton(contract, type);
            }
        }

        return services;
    }

    /// <summary>
    /// FluentValidation asks for a rule's display name on every validation, not once: the reflection and snake-casing
    /// are done once per rule (its member and expression live as long as the singleton validator).
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(MemberInfo?, System.Linq.Expressions.LambdaExpression?), string?> Names = new();

    private static string? SnakePath(MemberInfo? member, System.Linq.Expressions.LambdaExpression? expression) =>
        Names.GetOrAdd((member, expression), static key => ComputeSnakePath(key.Item1, key.Item2));

    private static string? ComputeSnakePath(MemberInfo? member, System.Linq.Expressions.LambdaExpression? expression)
    {
        if (expression?.Body is System.Linq.Expressions.MemberExpression body)
        {
            var parts = new Stack<string>();
            System.Linq.Expressions.Expression? current = body;
            while (current is System.Linq.Expressions.MemberExpression m)
            {
                parts.Push(JsonName(m.Member));
                current = m.Expression;
            }

            return string.Join('.', parts);
        }

        return member is null ? null : JsonName(member);
    }

    private static string JsonName(MemberInfo member) =>
        member.GetCustomAttribute<System.Text.Json.Serialization.JsonPropertyNameAttribute>()?.Name
        ?? System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(member.Name);
}
