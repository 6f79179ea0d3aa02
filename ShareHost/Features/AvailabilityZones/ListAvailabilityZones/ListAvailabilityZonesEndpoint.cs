using ShareHost.Api;
using ShareHost.Features.Backends;

namespace ShareHost.Features.AvailabilityZones.ListAvailabilityZones;

public static class ListAvailabilityZonesEndpoint
{
    public static RouteHandlerBuilder MapListAvailabilityZones(this IEndpointRouteBuilder app, string path) =>
        app.MapGet(path, async (AvailabilityZoneRepository zones, BackendRegistry backends, CancellationToken cancellationToken) =>
            {
                // As in Manila, a zone is listed while at least one enabled service is in it.
                var served = backends.All.Where(b => !b.Disabled).Select(b => b.Options.AvailabilityZone).ToHashSet(StringComparer.Ordinal);
                var listed = (await zones.ListAsync(cancellationToken))
                    .Where(z => served.Contains(z.Name))
                    .Select(z => new Dictionary<string, object?>
                    {
                        ["id"] = z.Id,
                        ["name"] = z.Name,
                        ["created_at"] = ManilaJson.Timestamp(z.CreatedAt),
                        ["updated_at"] = null,
                    })
                    .ToList();
                return TypedResults.Ok(new Dictionary<string, object?> { ["availability_zones"] = listed });
            })
            .WithSummary("List availability zones: those with at least one enabled backend (disabled backends' zones are hidden, as in Manila).");
}
