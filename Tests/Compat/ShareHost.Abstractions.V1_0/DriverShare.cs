namespace ShareHost.Abstractions;

/// <summary>A share instance as a driver sees it: one physical copy of a share on this backend.</summary>
public sealed class DriverShare
{
    /// <summary>The share instance id; the key a driver stores the instance under.</summary>
    public required string Id { get; init; }

    /// <summary>The id of the logical share the instance belongs to.</summary>
    public required string ShareId { get; init; }

    /// <summary>A backend-safe name, <c>share-&lt;instance id&gt;</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The project that owns the share.</summary>
    public required string ProjectId { get; init; }

    /// <summary>The size in GiB.</summary>
    public required int SizeGb { get; init; }

    /// <summary>The protocol in upper case, for example <c>NFS</c> or <c>CIFS</c>.</summary>
    public required string Protocol { get; init; }

    /// <summary>The pool the instance lives in, as reported in <see cref="PoolStats.Name"/>.</summary>
    public required string PoolName { get; init; }

    /// <summary>The share type's extra specs, including vendor-scoped keys (<c>vendor:key</c>) meant for this driver.</summary>
    public IReadOnlyDictionary<string, string> ExtraSpecs { get; init; } = new Dictionary<string, string>();

    /// <summary>The export locations the host has stored for the instance (empty before it is created).</summary>
    public IReadOnlyList<ExportPath> ExportLocations { get; init; } = [];
}
