using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Api.Versioning;

namespace ShareHost.Api;

/// <summary>
/// What a route requires before its body is looked at, as endpoint metadata, checked in Manila's order by the
/// API group's outermost filter: the microversion range (404), then the policy (403), then validation (400).
/// </summary>
public interface IEndpointRequirement
{
    /// <summary>Lower runs first.</summary>
    int Order { get; }

    void Check(HttpContext context);
}

/// <summary>The route exists only from <see cref="Min"/> (to <see cref="Max"/>); outside it answers 404 like an unimplemented one.</summary>
public sealed record VersionRange(ApiVersion Min, ApiVersion? Max, bool Experimental) : IEndpointRequirement
{
    public int Order => 0;

    public void Check(HttpContext context)
    {
        var requested = context.Features.Get<RequestedVersion>();
        var version = requested?.Version ?? VersionHistory.Default;
        if (version < Min || (Max is { } upper && version > upper) || (Experimental && requested?.Experimental != true))
        {
            throw new NotFoundException("The resource could not be found.");
        }
    }
}

/// <summary>Manila's default policy for the route: admin only, or members (and admins).</summary>
public sealed record PolicyRequirement(string Policy, bool AdminOnly) : IEndpointRequirement
{
    public int Order => 1;

    public void Check(HttpContext context)
    {
        var caller = context.Features.Get<RequestContext>();
        if (caller is null || (AdminOnly ? !caller.IsAdmin : !caller.CanWrite))
        {
            throw new ForbiddenException($"Policy doesn't allow {Policy} to be performed.");
        }
    }
}

public static class EndpointRequirementExtensions
{
    /// <summary>Adds the requirement as metadata (for the group filter's ordering) and as a filter (for routes outside a group).</summary>
    public static TBuilder Require<TBuilder>(this TBuilder builder, IEndpointRequirement requirement)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(requirement);
        builder.AddEndpointFilter(async (context, next) =>
        {
            requirement.Check(context.HttpContext);
            return await next(context);
        });
        return builder;
    }

    /// <summary>The endpoint's requirements in the order they are checked.</summary>
    public static IEndpointRequirement[] Ordered(IEnumerable<object> metadata) =>
        [.. metadata.OfType<IEndpointRequirement>().OrderBy(r => r.Order)];
}
