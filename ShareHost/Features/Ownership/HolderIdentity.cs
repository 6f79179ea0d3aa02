using System.Diagnostics;
using System.Globalization;

namespace ShareHost.Features.Ownership;

/// <summary>
/// Who this process is in <c>backend_leases.holder</c>: <c>host/pid/start-ticks/random</c>. Random per process (two
/// hosts in one process, or one restarted in place, never share an id); the rest lets a process on the same machine
/// tell that a holder has died (no process with that id and start time), so a crash is recovered at once.
/// </summary>
public sealed class HolderIdentity
{
    private static readonly long ProcessStartTicks = StartTicks(Process.GetCurrentProcess()) ?? 0;

    public HolderIdentity()
    {
        Id = string.Join('/', Environment.MachineName, Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
            ProcessStartTicks.ToString(CultureInfo.InvariantCulture), Guid.NewGuid().ToString("N")[..12]);
    }

    public string Id { get; }

    /// <summary>True only when <paramref name="holder"/> certainly no longer runs: a process of this machine that is gone.</summary>
    public bool IsDeadLocalHolder(string holder)
    {
        var parts = holder.Split('/');
        if (holder == Id || parts.Length != 4
            || !string.Equals(parts[0], Environment.MachineName, StringComparison.OrdinalIgnoreCase)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var started))
        {
            return false;
        }

        if (pid == Environment.ProcessId)
        {
            // Same process id and start time: another host instance inside this very process, alive. A different
            // start time: an earlier process that had the same id (a restarted container), dead.
            return !SameStart(started, ProcessStartTicks);
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            // A process whose start time cannot be read may be alive: never take over from it early.
            return StartTicks(process) is { } start && !SameStart(started, start);
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static bool SameStart(long a, long b) => Math.Abs(a - b) < TimeSpan.TicksPerMillisecond * 100;

    private static long? StartTicks(Process process)
    {
        try
        {
            return process.StartTime.ToUniversalTime().Ticks;
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
