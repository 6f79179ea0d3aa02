namespace ShareHost.Features.Scheduling;

/// <summary>What the scheduler places: a share (or an extension of one) with its type's extra specs.</summary>
public sealed record ScheduleRequest(
    int SizeGb,
    string Protocol,
    IReadOnlyDictionary<string, string> ExtraSpecs,
    string? AvailabilityZone = null,
    bool IsExtend = false,
    bool FromSnapshot = false);
