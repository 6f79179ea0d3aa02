namespace ShareHost.Features.Services.UpdateService;

/// <summary><c>PUT /v2/services/enable|disable</c>: <c>{"host": "sharehost@dummy1", "binary": "manila-share"}</c>.</summary>
public sealed record UpdateServiceRequest
{
    public string? Host { get; init; }

    public string? Binary { get; init; }

    /// <summary>Why the service is disabled; only with <c>disable</c>.</summary>
    public string? DisabledReason { get; init; }
}
