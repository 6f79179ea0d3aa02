using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Features.AvailabilityZones;
using ShareHost.Features.Operations;
using ShareHost.Features.Quotas;
using ShareHost.Features.Scheduling.Filters;
using ShareHost.Features.Shares;
using ShareHost.Features.Shares.ShareInstances;
using ShareHost.Features.ShareTypes;
using ShareHost.Persistence;

using ShareHost.Features.Replicas.Snapshots;

namespace ShareHost.Features.Replicas.CreateReplica;

/// <summary>
/// Accepts a replica (Manila's create_share_replica): the share must be replicated, idle and have an available active
/// replica; the zone must suit its type; quota allows one more replica of its size. The replica row (<c>creating</c>,
/// <c>out_of_sync</c>) and its operation are written in one transaction.
/// </summary>
public sealed class CreateReplicaService(
    SqliteConnectionFactory connections,
    ShareLookup shares,
    ShareTypeRepository shareTypes,
    AvailabilityZoneRepository zones,
    QuotaRepository quotas,
    OperationRunner runner)
{
    public const string OperationKind = "create_share_replica";

    public async Task<ShareInstanceRow> CreateAsync(CreateReplicaBody body, RequestContext caller, bool hintsAllowed, CancellationToken cancellationToken)
    {
        var share = ShareLookup.Owned(await shares.VisibleAsync(body.ShareId!, caller, cancellationToken), caller, "share_replica:create");
        if (share.ReplicationType is null)
        {
            throw new BadRequestException($"Replication not supported for share {share.Id}: its share type has no replication_type.");
        }

        if (share.TaskState is { } task && !task.EndsWith("_success", StringComparison.Ordinal) && !task.EndsWith("_error", StringComparison.Ordinal)
            && task != "migration_cancelled")
        {
            throw new BadRequestException($"Share {share.Id} is busy as part of an active task: {task}.");
        }

        var onlyHost = OnlyHost(body, caller, hintsAllowed);
        var type = share.ShareTypeId is null ? null : await shareTypes.FindByIdAsync(share.ShareTypeId, cancellationToken);
        var zone = await ResolveZoneAsync(body.AvailabilityZone, type, cancellationToken);
        var replicaId = Guid.NewGuid().ToString();
        var operation = Operation.Create(OperationKind, share.Id, replicaId, new CreateReplicaPayload(zone, onlyHost), caller.RequestId, share.ProjectId);
        ShareInstanceRow created;
        await using (var connection = await connections.OpenAsync(cancellationToken))
        await using (var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection, cancellationToken))
        {
            // Read where a promotion or a delete would have to serialise with this create.
            var existing = await ReplicaRepository.ForShareAsync(connection, transaction, share.Id, cancellationToken);
            if (!existing.Any(r => r.IsPrimary && r.ReplicaState == ReplicaStates.Active && r.Status == ShareStatus.Available))
            {
                throw new BadRequestException($"Share {share.Id} does not have any active replica in available state.");
            }

            await quotas.EnsureReplicaQuotaAsync(connection, transaction, share.ProjectId, 1, share.Size, cancellationToken);
            await ReplicaRepository.InsertAsync(connection, transaction, replicaId, share.Id, operation, cancellationToken);
            await ReplicatedSnapshots.AddForNewReplicaAsync(connection, transaction, share.Id, replicaId, cancellationToken);
            created = (await ReplicaRepository.FindAsync(connection, transaction, replicaId, cancellationToken))!;
            await transaction.CommitAsync(cancellationToken);
        }

        runner.Enqueue(operation);
        return created;
    }

    private static string? OnlyHost(CreateReplicaBody body, RequestContext caller, bool hintsAllowed)
    {
        if (body.SchedulerHints?.GetValueOrDefault("only_host") is not { Length: > 0 } host)
        {
            return null;
        }

        if (!hintsAllowed)
        {
            throw new BadRequestException("Invalid input for field 'share_replica.scheduler_hints': scheduler hints need microversion 2.67 or later.");
        }

        caller.EnsureAdmin("share_replica:create (only_host scheduler hint)");
        return host;
    }

    private async Task<string?> ResolveZoneAsync(string? requested, ShareType? type, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(requested))
        {
            return null;
        }

        var zone = await zones.FindAsync(requested, cancellationToken)
            ?? throw new BadRequestException($"Invalid input for field 'share_replica.availability_zone': availability zone {requested} could not be found.");
        var allowed = AvailabilityZoneFilter.Zones(type?.ExtraSpecs.GetValueOrDefault("availability_zones"));
        if (allowed.Length > 0 && !allowed.Contains(zone.Name))
        {
            throw new BadRequestException(
                $"Invalid input for field 'share_replica.availability_zone': share type '{type!.Name}' is not supported within the availability zone '{zone.Name}' (allowed: {string.Join(", ", allowed)}).");
        }

        return zone.Name;
    }
}

/// <summary>What the create operation needs beyond the stored replica.</summary>
public sealed record CreateReplicaPayload(string? AvailabilityZone, string? OnlyHost);
