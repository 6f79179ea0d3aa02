using Dapper;
using ShareHost.Features.Backends;
using ShareHost.Features.Operations;
using ShareHost.Persistence;

namespace ShareHost.Features.Ownership;

/// <summary>
/// The runner's gate: an operation runs here only if this process owns every backend the share's instances are on;
/// a share not placed yet needs at least one owned backend (the scheduler places only on owned ones). Otherwise it
/// stays recorded and the owner's renewal job picks it up.
/// </summary>
public sealed class OwnershipOperationGate(BackendRegistry backends, SqliteConnectionFactory connections) : IOperationGate
{
    private const string InstanceBackendsSql = "SELECT backend FROM share_instances WHERE share_id = @ShareId";

    public async ValueTask<bool> MayRunAsync(Operation operation, CancellationToken cancellationToken)
    {
        if (backends.All.All(b => b.Ownership.Owned))
        {
            return true;
        }

        await using var connection = await connections.OpenAsync(cancellationToken);
        var placed = (await connection.QueryAsync<string?>(new CommandDefinition(
            InstanceBackendsSql, new { operation.ShareId }, cancellationToken: cancellationToken))).ToList();
        if (placed.Count == 0)
        {
            return true;
        }

        return placed.All(b => b is null)
            ? backends.All.Any(b => b.Ownership.Owned)
            : placed.All(b => b is null || backends.Find(b) is not { Ownership.Owned: false });
    }
}
