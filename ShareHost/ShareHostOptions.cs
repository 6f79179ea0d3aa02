namespace ShareHost;

/// <summary>The host's own settings, section <c>ShareHost</c> of appsettings.json.</summary>
public sealed class ShareHostOptions
{
    public const string Section = "ShareHost";

    /// <summary>The host part of Manila's <c>host@backend#pool</c>.</summary>
    public string HostName { get; init; } = "sharehost";

    /// <summary>Where the database and each backend's private state live.</summary>
    public string DataDirectory { get; init; } = "data";

    /// <summary>The SQLite file; relative paths are under the content root.</summary>
    public string Database { get; init; } = "data/sharehost.db";

    /// <summary>The share type used when a create request names none.</summary>
    public string? DefaultShareType { get; init; } = "default";

    /// <summary>Protocols shares may use (Manila's enabled_share_protocols); NFS and CIFS when not configured.</summary>
    /// <remarks>No initial value: the configuration binder appends to a list's initial items instead of replacing them.</remarks>
    public List<string> EnabledShareProtocols { get; init; } = [];

    public IReadOnlyList<string> ShareProtocols => EnabledShareProtocols.Count > 0 ? EnabledShareProtocols : ["NFS", "CIFS"];

    /// <summary>Default per-call driver timeout; <see cref="DriverCallTimeouts"/> overrides it per operation.</summary>
    public double DriverCallTimeoutSeconds { get; init; } = 60;

    /// <summary>Per-operation driver timeouts in seconds, keyed like <c>CreateShare</c>, <c>GetStats</c>.</summary>
    public Dictionary<string, double> DriverCallTimeouts { get; init; } = [];

    public double DriverInitTimeoutSeconds { get; init; } = 30;

    /// <summary>Background operations running at once, across all shares.</summary>
    public int MaxConcurrentOperations { get; init; } = 64;

    /// <summary>A backend whose stats are older than this is shown down, as Manila's service_down_time.</summary>
    public double ServiceDownTimeSeconds { get; init; } = 180;

    /// <summary>Largest accepted request body, Manila's osapi_max_request_body_size.</summary>
    public long MaxRequestBodyBytes { get; init; } = 114688;

    public double MessageTtlSeconds { get; init; } = 2592000;
}
