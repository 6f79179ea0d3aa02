namespace ShareHost.Features.Scheduling;

/// <summary>
/// A new replica prefers an availability zone that holds no replica of the share yet (unless the request names a zone):
/// when any pool that passed the filters is in such a zone, only those are weighed; otherwise all are.
/// </summary>
public static class ReplicaZonePreference
{
    public static List<PoolState> Apply(List<PoolState> candidates, ScheduleRequest request)
    {
        if (request.Replica is not { } replica || request.AvailabilityZone is not null)
        {
            return candidates;
        }

        var elsewhere = candidates.Where(p => !replica.ReplicaZones.Contains(p.AvailabilityZone)).ToList();
        return elsewhere.Count > 0 ? elsewhere : candidates;
    }
}
