using ShareHost.Api.Errors;
using ShareHost.Features.ShareTypes;

namespace ShareHost.Features.Shares.Resize;

/// <summary>The API-side refusals extend and shrink share (Manila answers all of them with 400).</summary>
public static class ResizeGuards
{
    /// <summary>Manila's BUSY_TASK_STATES: a share in one of these is in the middle of a migration.</summary>
    public static readonly IReadOnlySet<string> BusyTaskStates = new HashSet<string>(StringComparer.Ordinal)
    {
        "migration_starting", "migration_in_progress", "migration_completing", "migration_driver_starting",
        "migration_driver_in_progress", "migration_driver_phase1_done", "data_copying_starting",
        "data_copying_in_progress", "data_copying_completing", "data_copying_completed",
    };

    public static void EnsureStatus(ShareRecord share, string operation, IReadOnlyCollection<string> allowed)
    {
        if (!allowed.Contains(share.Status))
        {
            throw new BadRequestException(
                $"Invalid share: Share {share.Id} status must be {string.Join(" or ", allowed.Select(s => $"'{s}'"))} to {operation}, but current status is: {share.Status}.");
        }
    }

    public static void EnsureNotBusy(ShareRecord share)
    {
        if (share.TaskState is not null && BusyTaskStates.Contains(share.TaskState))
        {
            throw new BadRequestException($"Share {share.Id} is busy as part of an active task: {share.TaskState}.");
        }
    }

    /// <summary>The type's <c>provisioning:max_share_size</c> / <c>provisioning:min_share_size</c>, for the new size.</summary>
    public static void EnsureWithinTypeLimits(ShareType? type, int newSize)
    {
        if (type is null)
        {
            return;
        }

        if (Limit(type, "provisioning:max_share_size") is { } max && newSize > max)
        {
            throw new BadRequestException(
                $"Invalid input for field 'new_size': {newSize} GiB is larger than share type '{type.Name}' allows ({max} GiB).");
        }

        if (Limit(type, "provisioning:min_share_size") is { } min && newSize < min)
        {
            throw new BadRequestException(
                $"Invalid input for field 'new_size': {newSize} GiB is smaller than share type '{type.Name}' allows ({min} GiB).");
        }
    }

    private static int? Limit(ShareType type, string key) =>
        type.ExtraSpecs.TryGetValue(key, out var raw) && int.TryParse(raw, out var value) ? value : null;
}
