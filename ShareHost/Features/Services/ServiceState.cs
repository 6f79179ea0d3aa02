namespace ShareHost.Features.Services;

/// <summary>
/// One row of Manila's services listing: the scheduler, or the share service of one backend, with whether an admin
/// disabled it (<see cref="Disabled"/>) and whether it is working (<see cref="Up"/>, and if not, <see cref="StateReason"/>).
/// </summary>
public sealed record ServiceState(
    int Id,
    string Binary,
    string Host,
    string? Backend,
    string Zone,
    bool Disabled,
    string? DisabledReason,
    bool Up,
    string? StateReason,
    DateTime? UpdatedAt)
{
    public const string ShareBinary = "manila-share";
    public const string SchedulerBinary = "manila-scheduler";

    public string Status => Disabled ? "disabled" : "enabled";

    public string State => Up ? "up" : "down";
}
