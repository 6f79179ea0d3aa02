using FluentValidation;

namespace ShareHost.Features.Services.UpdateService;

public sealed class UpdateServiceRequestValidator : AbstractValidator<UpdateServiceRequest>
{
    public UpdateServiceRequestValidator()
    {
        RuleFor(r => r.Host).NotEmpty().WithMessage("is required (the service host, e.g. 'sharehost@dummy1').")
            .MaximumLength(255).WithMessage("must be at most 255 characters.");
        RuleFor(r => r.Binary).NotEmpty().WithMessage("is required (e.g. 'manila-share').")
            .MaximumLength(255).WithMessage("must be at most 255 characters.");
        RuleFor(r => r.DisabledReason).MaximumLength(255).WithMessage("must be at most 255 characters.");
    }
}
