using FluentValidation;

namespace ShareHost.Features.ShareTypes.ExtraSpecs;

public sealed class SetExtraSpecsRequestValidator : AbstractValidator<SetExtraSpecsRequest>
{
    public SetExtraSpecsRequestValidator()
    {
        RuleFor(r => r.ExtraSpecs).NotNull().WithMessage("the request body must be {\"extra_specs\": {...}}.");
        RuleFor(r => r.ExtraSpecs).Custom((specs, context) =>
        {
            foreach (var (key, message) in ExtraSpecInput.Problems(specs ?? []))
            {
                context.AddFailure(key is null ? "extra_specs" : $"extra_specs.{key}", message);
            }
        });
    }
}
