using ShareHost.Api;

namespace ShareHost.Features.Services;

/// <summary>Manila's service row, plus <c>disabled_reason</c> and ShareHost's <c>state_reason</c> (why it is down).</summary>
public static class ServiceView
{
    public static Dictionary<string, object?> Render(ServiceState service) => new()
    {
        ["id"] = service.Id,
        ["binary"] = service.Binary,
        ["host"] = service.Host,
        ["zone"] = service.Zone,
        ["status"] = service.Status,
        ["state"] = service.State,
        ["updated_at"] = ManilaJson.Timestamp(service.UpdatedAt),
        ["disabled_reason"] = service.DisabledReason,
        ["state_reason"] = service.StateReason,
    };
}
