using ShareHost.Abstractions;

namespace ShareHost.Features.Mounts.Pools;

/// <summary>
/// The host's choices over healthy addresses. Called under the lease table's lock, so a choice and the lease that
/// takes it are one step: concurrent mounts see each other's counts and the policy state moves one pick at a time.
/// </summary>
internal static class AddressPolicies
{
    /// <summary>Next in turn.</summary>
    public static string RoundRobin(IReadOnlyList<ExportAddress> healthy, ref long turn) =>
        healthy[(int)(turn++ % healthy.Count)].Address;

    /// <summary>Fewest live leases; ties go round in turn, so equal addresses fill evenly.</summary>
    public static string LeastConnections(IReadOnlyList<ExportAddress> healthy, Func<string, int> live, ref long turn)
    {
        var start = (int)(turn++ % healthy.Count);
        var best = healthy[start];
        var fewest = live(best.Address);
        for (var i = 1; i < healthy.Count; i++)
        {
            var candidate = healthy[(start + i) % healthy.Count];
            var count = live(candidate.Address);
            if (count < fewest)
            {
                best = candidate;
                fewest = count;
            }
        }

        return best.Address;
    }

    /// <summary>
    /// Smooth weighted round robin (nginx's): each pick adds every address's weight to its running score, takes the
    /// highest, and takes the total off the winner. Weights 5:1:1 give a,a,b,a,c,a,a rather than a burst of five.
    /// </summary>
    public static string Weighted(IReadOnlyList<ExportAddress> healthy, Dictionary<string, long> scores)
    {
        long total = 0;
        ExportAddress? best = null;
        long bestScore = long.MinValue;
        foreach (var address in healthy)
        {
            var weight = Math.Max(1, address.Weight);
            total += weight;
            var score = scores[address.Address] = scores.GetValueOrDefault(address.Address) + weight;
            if (score > bestScore)
            {
                best = address;
                bestScore = score;
            }
        }

        scores[best!.Address] = bestScore - total;
        return best.Address;
    }
}
