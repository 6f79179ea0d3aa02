using Microsoft.Extensions.Options;
using ShareHost.Features.Backends;

namespace ShareHost.Features.Mounts.Pools;

/// <summary>Every configured backend's address pool, with its settings read once at start.</summary>
public sealed class AddressPools
{
    private readonly Dictionary<string, AddressPool> _pools;

    public AddressPools(BackendRegistry backends, IConfiguration configuration, IOptions<MountOptions> options, ILogger<AddressPools> logger)
    {
        _pools = backends.All.ToDictionary(b => b.Name, b => Create(b, configuration, options.Value, logger), StringComparer.Ordinal);
    }

    public IEnumerable<AddressPool> All => _pools.Values.OrderBy(p => p.Backend.Name, StringComparer.Ordinal);

    public AddressPool? For(string? backend) => backend is not null && _pools.TryGetValue(backend, out var pool) ? pool : null;

    private static AddressPool Create(Backend backend, IConfiguration configuration, MountOptions options, ILogger logger)
    {
        BackendMountSettings settings;
        try
        {
            settings = configuration.GetSection($"{BackendOptions.Section}:{backend.Name}:Mounts").Get<BackendMountSettings>() ?? new BackendMountSettings();
        }
        catch (InvalidOperationException e)
        {
            logger.LogError("Backend {Backend}: Mounts settings are invalid ({Reason}); using round_robin and the default budget", backend.Name, e.Message);
            settings = new BackendMountSettings { Policy = "round_robin" };
        }

        var pool = new AddressPool(backend, settings, options.PickBudgetMs);
        if (pool.PolicyError is not null)
        {
            logger.LogError("Backend {Backend}: {Reason}", backend.Name, pool.PolicyError);
        }

        return pool;
    }
}
