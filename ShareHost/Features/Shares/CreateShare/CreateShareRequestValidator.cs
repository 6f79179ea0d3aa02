using FluentValidation;

namespace ShareHost.Features.Shares.CreateShare;

public sealed class CreateShareRequestValidator : AbstractValidator<CreateShareRequest>
{
    public CreateShareRequestValidator()
    {
        RuleFor(r => r.Share).NotNull().WithMessage("the request body must be {\"share\": {...}}.");
        When(r => r.Share is not null, () =>
        {
            // Each When guards only its own check: by default a When applies to every validator before it in the chain,
            // which switched off the "required" check exactly when size was missing.
            RuleFor(r => r.Share!.Size)
                .NotNull().When(r => r.Share!.SnapshotId is null, ApplyConditionTo.CurrentValidator).WithMessage("is required (an integer number of GiB).")
                .GreaterThan(0).When(r => r.Share!.Size is not null, ApplyConditionTo.CurrentValidator).WithMessage("must be an integer greater than 0.");
            RuleFor(r => r.Share!.ShareProto).NotEmpty().WithMessage("is required (NFS, CIFS, …).");
            RuleFor(r => r.Share!.Name).MaximumLength(255).WithMessage("must be at most 255 characters.");
            RuleFor(r => r.Share!.DisplayName).MaximumLength(255).WithMessage("must be at most 255 characters.");
            RuleFor(r => r.Share!.Description).MaximumLength(255).WithMessage("must be at most 255 characters.");
            RuleFor(r => r.Share!.DisplayDescription).MaximumLength(255).WithMessage("must be at most 255 characters.");
            RuleFor(r => r.Share!.ShareType).MaximumLength(255).WithMessage("must be at most 255 characters.");
            RuleFor(r => r.Share!.VolumeType)
                .Null().When(r => r.Share!.ShareType is not null).WithMessage("cannot be given together with share_type.");
            RuleFor(r => r.Share!.ShareNetworkId)
                .Null().WithMessage("share networks are not supported: ShareHost backends do not handle share servers.");
            RuleFor(r => r.Share!.ShareGroupId).Null().WithMessage("share groups are not supported.");
            RuleFor(r => r.Share!.SchedulerHints)
                .Must(h => h is null || h.Count == 0).WithMessage("scheduler hints are not supported.");
            RuleFor(r => r.Share!.Metadata).SetValidator(new MetadataValidator()!).When(r => r.Share!.Metadata is not null);
        });
    }
}
