using ShareHost.Api.Errors;
using ShareHost.Persistence;

namespace ShareHost.Features.Quotas;

/// <summary>A project's limits with its usage, and the admin's changes to them.</summary>
public sealed class QuotaSetService(SqliteConnectionFactory connections, QuotaRepository quotas)
{
    public async Task<(Dictionary<string, int> Limits, Dictionary<string, int> Usage)> GetAsync(string projectId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var limits = await quotas.LimitsAsync(connection, null, projectId, cancellationToken);
        var usage = await quotas.UsageAsync(connection, null, projectId, cancellationToken);
        return (limits, usage);
    }

    /// <summary>
    /// Stores new limits. Without <paramref name="force"/> a limit below what the project already uses is refused;
    /// usage is read in the same write transaction, so a share created meanwhile cannot slip past the check.
    /// </summary>
    public async Task<Dictionary<string, int>> UpdateAsync(string projectId, IReadOnlyDictionary<string, int> changes, bool force, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection, cancellationToken);
        if (!force)
        {
            var usage = await quotas.UsageAsync(connection, transaction, projectId, cancellationToken);
            foreach (var (resource, limit) in changes)
            {
                if (limit >= 0 && usage[resource] > limit)
                {
                    throw new BadRequestException(
                        $"Invalid input for field 'quota_set.{resource}': quota {limit} is smaller than what project {projectId} already uses " +
                        $"({usage[resource]}); send \"force\": true to set it anyway.");
                }
            }
        }

        await QuotaRepository.SetAsync(connection, transaction, projectId, changes, cancellationToken);
        var limits = await quotas.LimitsAsync(connection, transaction, projectId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return limits;
    }

    public async Task ResetAsync(string projectId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await QuotaRepository.ResetAsync(connection, null, projectId, cancellationToken);
    }
}
