using ShareHost.Api;

namespace ShareHost.Features.Mounts.Expiry;

/// <summary>
/// <c>/v2/sharehost/mount-expiry</c> (admin): the last sweep of the expiry job (GET), or a sweep now (POST), with how
/// many leases it expired and how long it took, measured inside the host.
/// </summary>
public static class MountExpiryEndpoints
{
    public static IEndpointRouteBuilder MapMountExpiry(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v2/sharehost/mount-expiry", (LeaseExpiry expiry) =>
                TypedResults.Ok(new Dictionary<string, object?> { ["expiry"] = Render(expiry.Last) }))
            .WithName("GetMountExpiry")
            .WithSummary("ShareHost extension (admin): the last mount-lease expiry sweep (expired, duration_ms, swept_at), or null before the first.");

        app.MapPost("/v2/sharehost/mount-expiry", async (LeaseExpiry expiry, CancellationToken cancellationToken) =>
                TypedResults.Ok(new Dictionary<string, object?> { ["expiry"] = Render(await expiry.SweepAsync(cancellationToken)) }))
            .WithName("SweepMountLeases")
            .WithSummary("ShareHost extension (admin): expire every mount lease whose time is up now, as the expiry job does, and report the sweep.");

        return app;
    }

    private static Dictionary<string, object?>? Render(SweepResult? sweep) => sweep is null ? null : new Dictionary<string, object?>
    {
        ["expired"] = sweep.Expired,
        ["duration_ms"] = Math.Round(sweep.Duration.TotalMilliseconds, 3),
        ["swept_at"] = ManilaJson.Timestamp(sweep.At),
    };
}
