using ShareHost.Abstractions;
using ShareHost.Features.Mounts.Leases;
using ShareHost.Features.Mounts.Pools;

namespace ShareHost.Features.Mounts.Mount;

/// <summary>
/// Asks the owning driver to choose a mount address, within the pool's time budget and outside the operation runner
/// (the request waits at most the budget). A late, failing or invalid answer is a fallback: counted on the pool,
/// logged (the first, then at most once per 10 s), and the host's policy chooses instead.
/// </summary>
public sealed class AddressChooser(LeaseTable table, ILogger<AddressChooser> logger)
{
    public async Task<DriverChoice?> AskDriverAsync(IAddressPicker picker, AddressPool pool, Func<CancellationToken, ValueTask<DriverShare>> share,
        MountLease lease, IReadOnlyList<ExportAddress> addresses, CancellationToken cancellationToken)
    {
        var (live, current) = table.PickContext(pool.Backend.Name, addresses, lease.ShareId, lease.Client);
        var driverShare = await share(cancellationToken);
        var budget = pool.PickBudget;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, pool.Backend.Ownership.Lost);
        cts.CancelAfter(budget);
        AddressChoice? choice;
        Task<AddressChoice>? picking = null;
        try
        {
            var request = new AddressPickRequest
            {
                Share = driverShare,
                Client = lease.Client,
                AccessLevel = lease.AccessLevel,
                Candidates = Candidates(addresses, live),
                CurrentAddress = current,
            };

            // On the thread pool: a driver that blocks its calling thread still cannot hold the request past the budget.
            picking = Task.Run(() => picker.PickAddressAsync(request, cts.Token), CancellationToken.None);
            // The budget's token ends the wait even when the driver ignores it.
            choice = await picking.WaitAsync(cts.Token);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var timedOut = e is TimeoutException or OperationCanceledException;
            Fallback(pool, timedOut ? FallbackReason.Timeout : FallbackReason.Error,
                timedOut ? $"no answer within {budget.TotalMilliseconds:0} ms" : $"it failed: {e.Message}");
            return null;
        }
        finally
        {
            // A pick that failed, or was left running past the budget and may still fail, has its exception observed;
            // the common answer in time allocates nothing here.
            if (picking is { IsCompletedSuccessfully: false })
            {
                _ = picking.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }
        }

        var chosen = Healthy(addresses, choice?.Address?.Trim());
        if (chosen is null)
        {
            Fallback(pool, FallbackReason.Invalid, $"it answered '{choice?.Address}', which is not a healthy address of the pool");
            return null;
        }

        pool.CountDriverChoice();
        return new DriverChoice(chosen.Address, choice!.MountOptions);
    }

    private static ExportAddress? Healthy(IReadOnlyList<ExportAddress> addresses, string? answer)
    {
        foreach (var address in addresses)
        {
            if (address.Healthy && string.Equals(address.Address, answer, StringComparison.OrdinalIgnoreCase))
            {
                return address;
            }
        }

        return null;
    }

    private static AddressCandidate[] Candidates(IReadOnlyList<ExportAddress> addresses, int[] live)
    {
        var candidates = new AddressCandidate[addresses.Count];
        for (var i = 0; i < candidates.Length; i++)
        {
            var address = addresses[i];
            candidates[i] = new AddressCandidate { Address = address.Address, Healthy = address.Healthy, Weight = Math.Max(1, address.Weight), LiveLeases = live[i] };
        }

        return candidates;
    }

    private void Fallback(AddressPool pool, FallbackReason reason, string detail)
    {
        if (pool.CountFallback(reason, detail))
        {
            logger.LogWarning("Backend {Backend}: the driver's address choice fell back to the host's {Policy} policy: {Detail} ({Count} fallbacks so far)",
                pool.Backend.Name, pool.PolicyName, detail, pool.Fallbacks);
        }
    }
}

public sealed record DriverChoice(string Address, string? MountOptions);
