using System.Diagnostics;
using ShareHost.Features.Mounts.Access;
using ShareHost.Features.Mounts.Leases;

namespace ShareHost.Features.Mounts.Expiry;

/// <summary>
/// Ends every lease whose time is up, judged by the server alone: the monotonic deadline of leases this process
/// granted, and the database's clock (converted to a deadline when loaded) for leases it adopted. The expired leases
/// are written in one statement and their clients' access is withdrawn.
/// </summary>
public sealed class LeaseExpiry(LeaseTable table, IMountAccess access, ILogger<LeaseExpiry> logger)
{
    private volatile SweepResult? _last;

    /// <summary>The last sweep that ran (by the job or on request).</summary>
    public SweepResult? Last => _last;

    public async Task<SweepResult> SweepAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var expired = table.ExpireOverdue(access.Withdrawing);
        await CompleteAsync(expired, cancellationToken);
        var result = new SweepResult(expired.Leases.Count, Stopwatch.GetElapsedTime(started), DateTime.UtcNow);
        _last = result;
        if (result.Expired > 0)
        {
            logger.LogInformation("Expired {Count} mount leases in {Elapsed:0.0} ms", result.Expired, result.Duration.TotalMilliseconds);
        }

        return result;
    }

    /// <summary>Finishes leases already ended in memory (expired, or released at takeover): their write commits, then their access is withdrawn.</summary>
    public async Task CompleteAsync(ExpiredLeases expired, CancellationToken cancellationToken)
    {
        if (expired.Leases.Count == 0)
        {
            return;
        }

        try
        {
            await expired.Written;
        }
        catch (Exception e)
        {
            // The backend was lost meanwhile (its new owner expires them) or the database failed (a restart reloads
            // them as active with their time up, and they expire again): either way they are over here.
            logger.LogWarning(e, "Recording {Count} ended mount leases failed", expired.Leases.Count);
        }

        var states = await access.WithdrawAsync(expired.Leases, cancellationToken);
        await table.RecordAccess(expired.Leases, states);
    }
}

public sealed record SweepResult(int Expired, TimeSpan Duration, DateTime At);
