using FluentValidation;

namespace ShareHost.Features.Shares.UpdateShare;

public sealed class UpdateShareRequestValidator : AbstractValidator<UpdateShareRequest>
{
    public UpdateShareRequestValidator()
    {
        RuleFor(r => r.Share).NotNull().WithMessage("the request body must be {\"share\": {...}}.");
        When(r => r.Share is not null, () =>
        {
            RuleFor(r => r.Share!.DisplayName).MaximumLength(255).WithMessage("must be at most 255 characters.");
            RuleFor(r => r.Share!.DisplayDescription).MaximumLength(255).WithMessage("must be at most 255 characters.");
            RuleFor(r => r.Share!.Name).Null().WithMessage("cannot be updated; send display_name.");
            RuleFor(r => r.Share!.Description).Null().WithMessage("cannot be updated; send display_description.");
        });
    }
}
