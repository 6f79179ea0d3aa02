using Microsoft.Extensions.Options;
using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Features.AvailabilityZones;
using ShareHost.Features.Operations;
using ShareHost.Features.Quotas;
using ShareHost.Features.Scheduling;
using ShareHost.Features.Scheduling.Filters;
using ShareHost.Features.ShareTypes;
using ShareHost.Features.Snapshots;
using ShareHost.Features.Snapshots.ShareFromSnapshot;
using ShareHost.Persistence;

namespace ShareHost.Features.Shares.CreateShare;

/// <summary>
/// Accepts a share: resolves its type and zone, checks quota, and stores the share, its first instance and the
/// create operation in one transaction. The share answers <c>creating</c>; the operation does the rest.
/// </summary>
public sealed class CreateShareService(
    SqliteConnectionFactory connections,
    WriteBatcher writes,
    ShareTypeRepository shareTypes,
    AvailabilityZoneRepository zones,
    QuotaRepository quotas,
    OperationRunner runner,
    ShareFromSnapshotSource fromSnapshot,
    FilterScheduler scheduler,
    IOptionsMonitor<ShareHostOptions> options)
{
    public const string OperationKind = "create_share";

    /// <summary>Returns the share as committed (status <c>creating</c>).</summary>
    public async Task<ShareRecord> CreateAsync(CreateShareBody body, RequestContext caller, CancellationToken cancellationToken)
    {
        var protocol = body.ShareProto!.ToUpperInvariant();
        if (!options.CurrentValue.ShareProtocols.Contains(protocol, StringComparer.OrdinalIgnoreCase))
        {
            throw new BadRequestException(
                $"Invalid input for field 'share.share_proto': {body.ShareProto} is either disabled or unsupported (enabled: {string.Join(", ", options.CurrentValue.ShareProtocols)}).");
        }

        if (body.IsPublic == true)
        {
            caller.EnsureAdmin("share:create_public_share");
        }

        var origin = body.SnapshotId is null ? null : await fromSnapshot.ResolveAsync(body.SnapshotId, caller, cancellationToken);
        var type = origin is null
            ? await ResolveTypeAsync(body.ShareType ?? body.VolumeType, caller, cancellationToken)
            : await ResolveTypeFromSnapshotAsync(origin, body.ShareType ?? body.VolumeType, caller, cancellationToken);
        if (type.Flag("driver_handles_share_servers"))
        {
            throw new BadRequestException(
                $"Share type '{type.Name}' has driver_handles_share_servers=True, which needs a share network; ShareHost backends do not handle share servers.");
        }

        var size = body.Size ?? origin!.Snapshot.Size;
        if (origin is not null)
        {
            CheckAgainstSnapshot(origin, protocol, size);
        }

        CheckSizeLimits(type, size);
        var zone = await ResolveZoneAsync(body.AvailabilityZone, type, cancellationToken);

        var shareId = Guid.NewGuid().ToString();
        var replicationType = type.ExtraSpecs.GetValueOrDefault("replication_type");
        var now = DateTime.UtcNow;
        var instanceId = Guid.NewGuid().ToString();
        var share = new NewShare
        {
            Id = shareId,
            ProjectId = caller.ProjectId,
            UserId = caller.UserId,
            Name = body.Name ?? body.DisplayName,
            Description = body.Description ?? body.DisplayDescription,
            Size = size,
            ShareProto = protocol,
            ShareTypeId = type.Id,
            IsPublic = body.IsPublic ?? false,
            SnapshotId = origin?.Snapshot.Id,
            SnapshotSupport = type.Flag("snapshot_support"),
            CreateShareFromSnapshotSupport = type.Flag("create_share_from_snapshot_support"),
            RevertToSnapshotSupport = type.Flag("revert_to_snapshot_support"),
            MountSnapshotSupport = type.Flag("mount_snapshot_support"),
            ReplicationType = replicationType,
            Metadata = body.Metadata ?? [],
            CreatedAt = now,
            Instance = Instance(null),
        };
        ShareInstanceRecord Instance(PoolState? pool) => new()
        {
            Id = instanceId,
            ShareId = shareId,
            IsPrimary = true,
            Status = ShareStatus.Creating,
            Backend = pool?.Backend,
            Pool = pool?.Pool,
            AvailabilityZone = pool?.AvailabilityZone,
            ReplicaState = replicationType is null ? null : "active",
            Progress = "0%",
            CreatedAt = now,
        };
        var operation = Operation.Create(OperationKind, shareId, instanceId, new CreateSharePayload(zone), caller.RequestId, caller.ProjectId);

        // One write, group-committed with the others arriving at the same time.
        share = await writes.WriteAsync(async (connection, transaction) =>
        {
            // The type was resolved outside this transaction; an admin may have deleted it since.
            if (!await ShareTypeRepository.ExistsAsync(connection, transaction, type.Id, cancellationToken))
            {
                throw new NotFoundException($"Share type {type.Name} could not be found.");
            }

            if (origin is not null)
            {
                // Checked again where a delete of the snapshot would have to serialise with this create.
                ShareFromSnapshotSource.EnsureAvailable(await SnapshotRepository.FindAsync(connection, transaction, origin.Snapshot.Id, cancellationToken)
                    ?? throw SnapshotLookup.NotFound(origin.Snapshot.Id));
            }

            await quotas.EnsureShareQuotaAsync(connection, transaction, caller.ProjectId, 1, size, size, cancellationToken);
            if (replicationType is not null)
            {
                // As Manila: the first instance of a replicated share is its active replica and counts as one.
                await quotas.EnsureReplicaQuotaAsync(connection, transaction, caller.ProjectId, 1, size, cancellationToken);
            }

            // Placed here, once the share is sure to be stored, so its operation only has to call the driver (one
            // write transaction fewer per create). A share that fits no pool is stored unplaced: its operation
            // schedules it again and records why it cannot be placed, as Manila's scheduler does. A share from a
            // snapshot is placed by its operation, next to the snapshot.
            if (origin is null && scheduler.Schedule(new ScheduleRequest(size, protocol, type.ExtraSpecs, zone)) is { Succeeded: true } placement)
            {
                share = share with { Instance = Instance(placement.Chosen) };
            }

            await ShareRepository.InsertAsync(connection, transaction, share, operation, cancellationToken);
            return share;
        }, cancellationToken);

        // Read back once the write connection is closed, so other writers do not wait on this read, and before the
        // operation starts, so the answer shows the share as accepted: its row (the columns joined from its type and
        // instance); the metadata is what was just written, and there are no export locations yet.
        try
        {
            await using var connection = await connections.OpenAsync(CancellationToken.None);
            var created = (await ShareRepository.FindRowAsync(connection, null, shareId, CancellationToken.None))!;
            foreach (var (key, value) in share.Metadata)
            {
                created.Metadata[key] = value;
            }

            return created;
        }
        finally
        {
            runner.Enqueue(operation);
        }
    }

    private async Task<ShareType> ResolveTypeAsync(string? requested, RequestContext caller, CancellationToken cancellationToken)
    {
        var name = requested ?? options.CurrentValue.DefaultShareType;
        if (string.IsNullOrEmpty(name))
        {
            throw new BadRequestException("No default share type has been made available. You must specify a share type for creating shares.");
        }

        var type = await shareTypes.FindAsync(name, cancellationToken);
        if (type is null || (!caller.IsAdmin && !await shareTypes.IsAccessibleAsync(type, caller.ProjectId, cancellationToken)))
        {
            throw requested is null
                ? new BadRequestException($"The default share type '{name}' does not exist. You must specify a share type for creating shares.")
                : new NotFoundException($"Share type {name} could not be found.");
        }

        return type;
    }

    /// <summary>As Manila: the share type defaults to the snapshot's share's, and another type is refused (400).</summary>
    private async Task<ShareType> ResolveTypeFromSnapshotAsync(SnapshotOrigin origin, string? requested, RequestContext caller, CancellationToken cancellationToken)
    {
        if (origin.Parent.ShareTypeId is null)
        {
            return await ResolveTypeAsync(requested, caller, cancellationToken);
        }

        var parentType = await shareTypes.FindByIdAsync(origin.Parent.ShareTypeId, cancellationToken)
            ?? throw new BadRequestException($"Invalid input for field 'share.snapshot_id': the share type of share {origin.Parent.Id} no longer exists.");
        if (requested is not null)
        {
            var type = await ResolveTypeAsync(requested, caller, cancellationToken);
            if (type.Id != parentType.Id)
            {
                throw new BadRequestException(
                    $"Invalid input for field 'share.share_type': a share created from snapshot {origin.Snapshot.Id} must have the share type of its share ('{parentType.Name}'), not '{type.Name}'.");
            }
        }

        return parentType;
    }

    private static void CheckAgainstSnapshot(SnapshotOrigin origin, string protocol, int size)
    {
        if (size < origin.Snapshot.Size)
        {
            throw new BadRequestException(
                $"Invalid input for field 'share.size': a share created from snapshot {origin.Snapshot.Id} must be at least the snapshot's size ({origin.Snapshot.Size} GiB), not {size} GiB.");
        }

        if (!string.Equals(protocol, origin.Snapshot.ShareProto, StringComparison.OrdinalIgnoreCase))
        {
            throw new BadRequestException(
                $"Invalid input for field 'share.share_proto': a share created from snapshot {origin.Snapshot.Id} must use its protocol {origin.Snapshot.ShareProto}, not {protocol}.");
        }
    }

    private static void CheckSizeLimits(ShareType type, int size)
    {
        if (type.ExtraSpecs.TryGetValue("provisioning:max_share_size", out var max) && int.TryParse(max, out var maxSize) && size > maxSize)
        {
            throw new BadRequestException($"Invalid input for field 'share.size': {size} GiB is larger than share type '{type.Name}' allows ({maxSize} GiB).");
        }

        if (type.ExtraSpecs.TryGetValue("provisioning:min_share_size", out var min) && int.TryParse(min, out var minSize) && size < minSize)
        {
            throw new BadRequestException($"Invalid input for field 'share.size': {size} GiB is smaller than share type '{type.Name}' allows ({minSize} GiB).");
        }
    }

    private async Task<string?> ResolveZoneAsync(string? requested, ShareType type, CancellationToken cancellationToken)
    {
        if (requested is null)
        {
            return null;
        }

        var zone = await zones.FindAsync(requested, cancellationToken)
            ?? throw new NotFoundException($"Availability zone {requested} could not be found.");
        var allowed = AvailabilityZoneFilter.Zones(type.ExtraSpecs.GetValueOrDefault("availability_zones"));
        if (allowed.Length > 0 && !allowed.Contains(zone.Name))
        {
            throw new BadRequestException(
                $"Invalid input for field 'share.availability_zone': share type '{type.Name}' is not supported within the availability zone '{zone.Name}' (allowed: {string.Join(", ", allowed)}).");
        }

        return zone.Name;
    }
}

/// <summary>What the create operation needs beyond the stored share.</summary>
public sealed record CreateSharePayload(string? AvailabilityZone);
