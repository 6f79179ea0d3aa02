using ShareHost.Features.Backends;
using ShareHost.Features.Ownership;
using ShareHost.Persistence;

namespace ShareHost.Features.Mounts.Access;

/// <summary>
/// When this process takes a backend (at start, or from a process whose lease on it ran out), it denies the rules
/// mounts made on the backend's shares and snapshots that no active lease names. A crash between a rule's grant and its lease
/// recording it, or between a lease's end and its rule's deny, leaves such a rule behind: it would admit a client
/// nobody fences. Only rules made before the takeover are swept, so a mount granted meanwhile is never touched.
/// Runs after <see cref="Leases.LeaseLoader"/> (registered after it), so adopted leases count as users.
/// </summary>
public sealed class OrphanMountRules(SqliteConnectionFactory connections, IMountAccess access, ILogger<OrphanMountRules> logger) : IOwnershipListener
{
    public async Task OnAcquiredAsync(Backend backend, CancellationToken cancellationToken)
    {
        if (access is not RuleMountAccess rules)
        {
            return;
        }

        var before = DateTime.UtcNow;
        foreach (var store in rules.Stores)
        {
            IReadOnlyList<OrphanRule> orphans;
            await using (var connection = await connections.OpenAsync(cancellationToken))
            {
                orphans = await store.OrphansAsync(connection, backend.Name, before);
            }

            if (orphans.Count == 0)
            {
                continue;
            }

            logger.LogWarning("Backend {Backend}: denying {Count} access rules mounts made that no live lease uses (left by an earlier stop), e.g. {Examples}",
                backend.Name, orphans.Count, string.Join(", ", orphans.Take(3).Select(o => $"ip:{o.Client} on {store.Noun} {o.TargetId}")));
            _ = LogFailuresAsync(backend.Name, rules.DenyOrphans(store, orphans));
        }
    }

    public void OnLost(Backend backend)
    {
    }

    private async Task LogFailuresAsync(string backend, IReadOnlyList<Task<RuleOutcome>> denies)
    {
        var outcomes = await Task.WhenAll(denies);
        var failed = outcomes.Count(o => o.Kind == RuleOutcomeKind.Failed);
        if (failed > 0)
        {
            logger.LogError("Backend {Backend}: {Count} leftover mount access rules could not be denied; the next takeover tries again", backend, failed);
        }
    }
}
