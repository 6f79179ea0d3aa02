namespace ShareHost.Features.Mounts.Leases;

/// <summary>
/// The monotonic clock live leases are judged by: it never jumps with the wall clock, and nothing a client sends
/// reaches it (clients send durations only).
/// </summary>
public sealed class LeaseClock(TimeProvider time)
{
    public long Now => time.GetTimestamp();

    public long After(long from, double seconds) => from + (long)(seconds * time.TimestampFrequency);

    public double SecondsUntil(long deadline) => (deadline - Now) / (double)time.TimestampFrequency;
}
