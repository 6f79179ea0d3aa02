using ShareHost.Features.Scheduling;

namespace ShareHost.Tests.Features.Scheduling;

/// <summary>Pool states and requests for filter and weigher tests, with neutral defaults.</summary>
public static class Pools
{
    public static PoolState Pool(
        string backend = "b1",
        string pool = "p",
        string zone = "az1",
        double? total = 1000,
        double? free = 1000,
        double provisioned = 0,
        int reserved = 0,
        int reservedSnapshot = 0,
        int reservedExtend = 0,
        bool thin = false,
        double ratio = 20,
        IReadOnlyDictionary<string, object?>? capabilities = null) =>
        new(backend, pool, "host", zone, total, free, provisioned, reserved, reservedSnapshot, reservedExtend, thin, ratio, null,
            capabilities ?? new Dictionary<string, object?>());

    public static ScheduleRequest Request(
        int size = 1,
        string protocol = "NFS",
        IReadOnlyDictionary<string, string>? specs = null,
        string? zone = null,
        bool extend = false,
        bool fromSnapshot = false) =>
        new(size, protocol, specs ?? new Dictionary<string, string>(), zone, extend, fromSnapshot);

    public static Dictionary<string, string> Specs(params (string Key, string Value)[] specs) =>
        specs.ToDictionary(s => s.Key, s => s.Value);
}
