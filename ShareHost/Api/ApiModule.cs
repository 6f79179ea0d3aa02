using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Api.Validation;
using ShareHost.Api.Versioning;

namespace ShareHost.Api;

/// <summary>The HTTP edge: JSON, errors, microversions, authentication, project URLs, validation, OpenAPI.</summary>
public static class ApiModule
{
    public static WebApplicationBuilder AddApi(this WebApplicationBuilder builder)
    {
        ListenGuard.Apply(builder);
        var services = builder.Services;
        services.Configure<AuthOptions>(builder.Configuration.GetSection(AuthOptions.Section));
        services.ConfigureHttpJsonOptions(o => ManilaJson.Configure(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddValidatorsFromHost();
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "ShareHost: Shared File Systems API v2 (Manila-compatible)";
            document.Info.Description = "Authenticate with X-Auth-Token. Choose a microversion with X-OpenStack-Manila-API-Version " +
                $"({VersionHistory.Min}–{VersionHistory.Max}; 2.0 when absent). Every /v2 route is also served under /v2/{{project_id}}.";
            return Task.CompletedTask;
        }));
        return builder;
    }

    public static WebApplication UseApi(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ShareHostOptions>>().Value;
        app.UseMiddleware<ErrorHandlingMiddleware>();
        app.UseMiddleware<BodySizeLimitMiddleware>(options.MaxRequestBodyBytes);
        // Authentication first, as Manila's keystone filters sit before the API: a caller without a valid token
        // learns nothing about versions or URLs, only 401.
        app.UseMiddleware<TokenAuthMiddleware>();
        app.UseMiddleware<MicroversionMiddleware>();
        app.UseMiddleware<ProjectScopedUrls>();
        app.UseRouting();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.UseSwaggerUI(o =>
        {
            o.SwaggerEndpoint("/openapi/v1.json", "ShareHost v2");
            o.RoutePrefix = "swagger";
        });
        return app;
    }

    /// <summary>The group every API route hangs off: validation before handlers, tagged for OpenAPI.</summary>
    public static RouteGroupBuilder MapApiGroup(this IEndpointRouteBuilder app, string tag) =>
        app.MapGroup("").AddEndpointFilterFactory(ValidationFilter.Create).WithTags(tag);
}
