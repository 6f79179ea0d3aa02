using FluentValidation;
using Quartz;

namespace ShareHost.Features.Snapshots.Schedules;

/// <summary><c>PUT /v2/sharehost/shares/{id}/snapshot-schedule</c>: <c>{"snapshot_schedule": {"cron_expression", "retention"}}</c>.</summary>
public sealed record SnapshotScheduleRequest
{
    public SnapshotScheduleBody? SnapshotSchedule { get; init; }
}

public sealed record SnapshotScheduleBody
{
    /// <summary>A Quartz cron expression (seconds first, e.g. <c>0 0 2 * * ?</c> for 02:00 every day), evaluated in UTC.</summary>
    public string? CronExpression { get; init; }

    /// <summary>How many scheduled snapshots to keep (at least 1); older scheduled ones are deleted.</summary>
    public int? Retention { get; init; }
}

public sealed class SnapshotScheduleRequestValidator : AbstractValidator<SnapshotScheduleRequest>
{
    public SnapshotScheduleRequestValidator()
    {
        RuleFor(r => r.SnapshotSchedule).NotNull().WithMessage("the request body must be {\"snapshot_schedule\": {\"cron_expression\": ..., \"retention\": ...}}.");
        When(r => r.SnapshotSchedule is not null, () =>
        {
            RuleFor(r => r.SnapshotSchedule!.CronExpression)
                .NotEmpty().WithMessage("is required: a Quartz cron expression such as '0 0 2 * * ?' (seconds, minutes, hours, day of month, month, day of week; UTC).")
                .MaximumLength(255).WithMessage("must be at most 255 characters.")
                .Must(BeValid).When(r => r.SnapshotSchedule!.CronExpression is { Length: > 0 and <= 255 }, ApplyConditionTo.CurrentValidator)
                .WithMessage(r => $"'{r.SnapshotSchedule!.CronExpression}' is not a valid Quartz cron expression (seconds, minutes, hours, day of month, month, day of week[, year]; e.g. '0 0 2 * * ?').")
                .Must(FireAgain).When(r => r.SnapshotSchedule!.CronExpression is { Length: > 0 and <= 255 } c && BeValid(c), ApplyConditionTo.CurrentValidator)
                .WithMessage(r => $"'{r.SnapshotSchedule!.CronExpression}' never fires again.");
            RuleFor(r => r.SnapshotSchedule!.Retention)
                .NotNull().WithMessage("is required: how many scheduled snapshots to keep (at least 1).")
                .GreaterThanOrEqualTo(1).WithMessage("must be at least 1 (how many scheduled snapshots to keep).");
        });
    }

    public static bool BeValid(string? expression) => Quartz.CronExpression.TryParse(expression, out _);

    private static bool FireAgain(string? expression) =>
        Quartz.CronExpression.TryParse(expression, out var parsed)
        && parsed!.WithTimeZone(TimeZoneInfo.Utc).GetNextValidTimeAfter(DateTimeOffset.UtcNow) is not null;
}
