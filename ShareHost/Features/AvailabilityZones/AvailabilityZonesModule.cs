using ShareHost.Api;
using ShareHost.Api.Versioning;
using ShareHost.Features.AvailabilityZones.ListAvailabilityZones;

namespace ShareHost.Features.AvailabilityZones;

public static class AvailabilityZonesModule
{
    /// <summary><c>/v2/availability-zones</c> from 2.7, Manila's legacy <c>/v2/os-availability-zone</c> up to 2.6.</summary>
    public static IEndpointRouteBuilder MapAvailabilityZones(this IEndpointRouteBuilder app)
    {
        app.MapGroup("").MinVersion("2.7").MapApiGroup("Availability zones")
            .MapListAvailabilityZones("/v2/availability-zones").WithName("ListAvailabilityZones");
        app.MapGroup("").MinVersion("2.0", "2.6").MapApiGroup("Availability zones")
            .MapListAvailabilityZones("/v2/os-availability-zone").WithName("ListAvailabilityZonesLegacy");
        return app;
    }
}
