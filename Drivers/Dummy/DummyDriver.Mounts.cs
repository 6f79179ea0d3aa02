using System.Collections.Concurrent;
using ShareHost.Abstractions;

namespace ShareHost.Drivers.Dummy;

/// <summary>
/// The Dummy's address picking (contract 1.1): the least-loaded healthy candidate (the first in the pool's order on a
/// tie), or the client's current address while it is healthy; slowness, hangs, failures and wrong answers are
/// injectable. It also fences: it remembers the highest fencing token it has seen per share and refuses a change
/// carrying a lower one (a stale writer), and reports the ownership token it was initialised with.
/// </summary>
public sealed partial class DummyDriver : IAddressPicker
{
    private readonly ConcurrentDictionary<string, long> _fences = new(StringComparer.Ordinal);
    private long _ownershipToken;

    public async Task<AddressChoice> PickAddressAsync(AddressPickRequest request, CancellationToken cancellationToken)
    {
        var latency = _behaviour.LiveNumber("Mounts:PickLatencyMs") ?? 0;
        if (latency > 0)
        {
            // Ignoring cancellation is a driver stuck in a call: the host must stop waiting on its own.
            await Task.Delay(TimeSpan.FromMilliseconds(latency),
                bool.TryParse(_behaviour.Live("Mounts:PickIgnoresCancellation"), out var ignores) && ignores ? CancellationToken.None : cancellationToken);
        }

        await _behaviour.BeforeAsync("PickAddress", cancellationToken);
        if (_behaviour.Live("Mounts:AnswerAddress") is { Length: > 0 } fixedAnswer)
        {
            return new AddressChoice { Address = fixedAnswer };
        }

        var healthy = request.Candidates.Where(c => c.Healthy).ToList();
        if (healthy.Count == 0)
        {
            throw new ShareDriverException("The Dummy backend has no healthy address to offer.");
        }

        var chosen = request.CurrentAddress is { } current && healthy.Any(c => c.Address == current)
            ? current
            : healthy.MinBy(c => c.LiveLeases)!.Address;
        return new AddressChoice { Address = chosen, MountOptions = _behaviour.Live("Mounts:PickMountOptions") };
    }

    partial void InitializeMounts(DriverContext context)
    {
        _ownershipToken = context.OwnershipToken;
    }

    /// <summary>A change to a share carrying a lower fencing token than one already seen comes from a stale writer: refused.</summary>
    partial void Fence(DriverShare share)
    {
        var highest = _fences.AddOrUpdate(share.ShareId, share.FencingToken, (_, seen) => Math.Max(seen, share.FencingToken));
        if (share.FencingToken < highest)
        {
            throw new ShareDriverException(
                $"Refused a stale writer: share {share.ShareId} carries fencing token {share.FencingToken}, but this backend has already seen {highest}.");
        }
    }

    private Dictionary<string, object> WithMountCapabilities(Dictionary<string, object> capabilities)
    {
        capabilities["ownership_token"] = _ownershipToken;
        return capabilities;
    }

    private Dictionary<string, string> MountOptionsByProtocol() =>
        _options.Mounts.MountOptions.ToDictionary(o => o.Key.ToUpperInvariant(), o => o.Value, StringComparer.Ordinal);
}
