using ShareHost.Api.Versioning;

namespace ShareHost.Features.Versions;

/// <summary>Version discovery, the only unauthenticated API: <c>GET /</c> (300) and <c>GET /v2/</c> (200).</summary>
public static class VersionsModule
{
    private const string Updated = "2015-08-27T11:33:21Z";

    public static IEndpointRouteBuilder MapVersions(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext http) =>
                TypedResults.Json(new { versions = new[] { V1(http), V2(http) } }, statusCode: StatusCodes.Status300MultipleChoices))
            .WithName("ListVersions")
            .WithSummary("API versions (no authentication).")
            .WithTags("Versions");

        // Routing ignores a trailing slash, so one endpoint serves both: /v2 redirects to /v2/ as Manila does.
        app.MapGet("/v2/", IResult (HttpContext http) => http.Request.Path.Value == "/v2"
                ? TypedResults.Redirect("/v2/")
                : TypedResults.Ok(new { versions = new[] { V2(http) } }))
            .WithName("ShowVersion2")
            .WithSummary("The v2 API's microversion range (no authentication).")
            .WithTags("Versions");

        return app;
    }

    private static Dictionary<string, object> V2(HttpContext http) =>
        Version(http, "v2.0", "CURRENT", VersionHistory.Max.ToString(), VersionHistory.Min.ToString(), "/v2/");

    private static Dictionary<string, object> V1(HttpContext http) =>
        Version(http, "v1.0", "DEPRECATED", "", "", "/v1/");

    private static Dictionary<string, object> Version(HttpContext http, string id, string status, string version, string min, string path) => new()
    {
        ["id"] = id,
        ["status"] = status,
        ["version"] = version,
        ["min_version"] = min,
        ["updated"] = Updated,
        ["links"] = new object[]
        {
            new Dictionary<string, string> { ["rel"] = "describedby", ["type"] = "text/html", ["href"] = "http://docs.openstack.org/" },
            new Dictionary<string, string> { ["rel"] = "self", ["href"] = $"{http.Request.Scheme}://{http.Request.Host}{path}" },
        },
        ["media-types"] = new object[]
        {
            new Dictionary<string, string> { ["base"] = "application/json", ["type"] = "application/vnd.openstack.share+json;version=1" },
        },
    };
}
