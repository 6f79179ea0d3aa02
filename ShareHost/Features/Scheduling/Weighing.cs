namespace ShareHost.Features.Scheduling;

/// <summary>
/// Manila's weighing: each weigher's raw weights are min-max normalised to [0, 1], multiplied by the weigher's
/// multiplier (1.0 for all here) and summed; the highest total wins. Equal raw weights normalise to 0. A weight that
/// is not a number (unknown capacity) sorts below every known one.
/// </summary>
public static class Weighing
{
    public static double[] Normalize(IReadOnlyList<double> raw)
    {
        var known = raw.Where(double.IsFinite).ToList();
        if (known.Count == 0)
        {
            return raw.Select(_ => 0.0).ToArray();
        }

        var min = known.Min();
        var range = known.Max() - min;
        return raw.Select(w => !double.IsFinite(w) ? -1 : range == 0 ? 0 : (w - min) / range).ToArray();
    }

    /// <summary>The index of the best candidate: highest summed normalised weight, first listed on a tie.</summary>
    public static int Best(IReadOnlyList<PoolState> candidates, ScheduleRequest request, params Func<PoolState, ScheduleRequest, double>[] weighers)
    {
        var totals = new double[candidates.Count];
        foreach (var weigher in weighers)
        {
            var normalized = Normalize(candidates.Select(p => weigher(p, request)).ToList());
            for (var i = 0; i < totals.Length; i++)
            {
                totals[i] += normalized[i];
            }
        }

        var best = 0;
        for (var i = 1; i < totals.Length; i++)
        {
            if (totals[i] > totals[best])
            {
                best = i;
            }
        }

        return best;
    }
}
