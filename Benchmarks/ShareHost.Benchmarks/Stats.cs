namespace ShareHost.Benchmarks;

public static class Stats
{
    public static double Percentile(IReadOnlyList<double> samples, double percentile)
    {
        var sorted = samples.Order().ToList();
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    /// <summary>Runs <paramref name="work"/> for items 0..count-1 with a fixed number of concurrent workers.</summary>
    public static async Task ForEachConcurrentAsync(int count, int workers, Func<int, Task> work)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            int item;
            while ((item = Interlocked.Increment(ref next)) < count)
            {
                await work(item);
            }
        }));
    }
}
