using ShareHost.Features.Scheduling;
using ShareHost.Features.Scheduling.ListPools;

namespace ShareHost.Features.Mounts.Pools;

/// <summary>Adds each pool's backend addresses (health, weight, live mounts) and mount policy to the pool detail listing.</summary>
public sealed class PoolAddressCapabilities(AddressPools pools, AddressPoolView view) : IPoolDetailContributor
{
    public void Contribute(PoolState pool, IDictionary<string, object?> capabilities)
    {
        if (pools.For(pool.Backend) is not { } addresses)
        {
            return;
        }

        capabilities["sharehost_addresses"] = view.Addresses(addresses);
        capabilities["sharehost_mount_policy"] = addresses.PolicyName + (addresses.Sticky ? "+sticky" : "");
    }
}
