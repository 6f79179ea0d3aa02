using FluentValidation;
using ShareHost.Features.Shares;

namespace ShareHost.Features.Snapshots.CreateSnapshot;

public sealed class CreateSnapshotRequestValidator : AbstractValidator<CreateSnapshotRequest>
{
    public CreateSnapshotRequestValidator()
    {
        RuleFor(r => r.Snapshot).NotNull().WithMessage("the request body must be {\"snapshot\": {...}}.");
        When(r => r.Snapshot is not null, () =>
        {
            RuleFor(r => r.Snapshot!.ShareId).NotEmpty().WithMessage("is required: the id of the share to snapshot.");
            RuleFor(r => r.Snapshot!.Name).MaximumLength(255).WithMessage("must be at most 255 characters.");
            RuleFor(r => r.Snapshot!.DisplayName).MaximumLength(255).WithMessage("must be at most 255 characters.");
            RuleFor(r => r.Snapshot!.Description).MaximumLength(255).WithMessage("must be at most 255 characters.");
            RuleFor(r => r.Snapshot!.DisplayDescription).MaximumLength(255).WithMessage("must be at most 255 characters.");
            RuleFor(r => r.Snapshot!.Metadata).SetValidator(new MetadataValidator()!).When(r => r.Snapshot!.Metadata is not null);
        });
    }
}
