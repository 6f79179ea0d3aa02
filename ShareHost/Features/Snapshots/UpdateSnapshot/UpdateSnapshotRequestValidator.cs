using FluentValidation;

namespace ShareHost.Features.Snapshots.UpdateSnapshot;

public sealed class UpdateSnapshotRequestValidator : AbstractValidator<UpdateSnapshotRequest>
{
    public UpdateSnapshotRequestValidator()
    {
        RuleFor(r => r.Snapshot).NotNull().WithMessage("the request body must be {\"snapshot\": {...}}.");
        When(r => r.Snapshot is not null, () =>
        {
            RuleFor(r => r.Snapshot!.Name).MaximumLength(255).WithMessage("must be at most 255 characters.");
            RuleFor(r => r.Snapshot!.Description).MaximumLength(255).WithMessage("must be at most 255 characters.");
            RuleFor(r => r.Snapshot!)
                .Must(s => s.HasName || s.HasDescription)
                .WithName("snapshot")
                .WithMessage("nothing to update: send name (display_name) or description (display_description).");
        });
    }
}
