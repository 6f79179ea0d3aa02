namespace ShareHost.Api.Versioning;

/// <summary>Route conventions for microversions: a route outside its range answers 404, like an unimplemented one.</summary>
public static class VersionedRoutes
{
    public static TBuilder MinVersion<TBuilder>(this TBuilder builder, string min, string? max = null, bool experimental = false)
        where TBuilder : IEndpointConventionBuilder =>
        builder.Require(new VersionRange(ApiVersion.Parse(min), max is null ? null : ApiVersion.Parse(max), experimental));
}
