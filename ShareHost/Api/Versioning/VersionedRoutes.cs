using ShareHost.Api.Errors;

namespace ShareHost.Api.Versioning;

/// <summary>Route conventions for microversions: a route outside its range answers 404, like an unimplemented one.</summary>
public static class VersionedRoutes
{
    public static TBuilder MinVersion<TBuilder>(this TBuilder builder, string min, string? max = null, bool experimental = false)
        where TBuilder : IEndpointConventionBuilder
    {
        var minVersion = ApiVersion.Parse(min);
        ApiVersion? maxVersion = max is null ? null : ApiVersion.Parse(max);
        builder.AddEndpointFilter(async (context, next) =>
        {
            var requested = context.HttpContext.Features.Get<RequestedVersion>();
            var version = requested?.Version ?? VersionHistory.Default;
            if (version < minVersion || (maxVersion is { } upper && version > upper) || (experimental && requested?.Experimental != true))
            {
                throw new NotFoundException("The resource could not be found.");
            }

            return await next(context);
        });
        return builder;
    }
}
