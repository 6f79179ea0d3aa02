using ShareHost.Abstractions;

namespace ShareHost.Drivers.Local;

/// <summary>
/// Mount-time address choice: the client keeps the address it already mounts from while that daemon serves;
/// otherwise the healthy address with the fewest live mounts per weight wins, ties spread by client. Health is the
/// driver's own live view for the share's protocol (Ganesha instance per address, smbd for CIFS).
/// </summary>
public sealed partial class LocalDriver : IAddressPicker
{
    public Task<AddressChoice> PickAddressAsync(AddressPickRequest request, CancellationToken cancellationToken)
    {
        var protocol = request.Share.Protocol.ToUpperInvariant();
        var serving = request.Candidates.Where(c => c.Healthy && Serving(protocol, c.Address)).ToList();
        if (serving.Count == 0)
        {
            serving = request.Candidates.Where(c => Serving(protocol, c.Address)).ToList();
        }

        if (serving.Count == 0)
        {
            serving = request.Candidates.ToList();
        }

        var current = serving.FirstOrDefault(c => c.Address == request.CurrentAddress);
        var spread = (uint)StringComparer.Ordinal.GetHashCode(request.Client + "|" + request.Share.Id);
        var chosen = current ?? serving
            .OrderBy(c => c.LiveLeases / (double)Math.Max(1, c.Weight))
            .ThenBy(c => (spread + (uint)serving.IndexOf(c)) % (uint)serving.Count)
            .First();
        var options = protocol == "CIFS" ? _options.CifsMountOptions.Replace("{port}", _options.CifsPort.ToString(), StringComparison.Ordinal)
            : _options.NfsMountOptions.Replace("{port}", _options.NfsPort.ToString(), StringComparison.Ordinal);
        return Task.FromResult(new AddressChoice { Address = chosen.Address, MountOptions = options });
    }

    /// <summary>Whether this backend's daemon for the protocol runs and answered its last probe at the address.</summary>
    private bool Serving(string protocol, string address) => protocol == "CIFS"
        ? _smb is { IsHealthy: true } && _smb.Addresses.Contains(address)
        : _nfs?.Find(address) is { IsHealthy: true };
}
