using FluentValidation;

namespace ShareHost.Features.ShareTypes.CreateShareType;

public sealed class CreateShareTypeRequestValidator : AbstractValidator<CreateShareTypeRequest>
{
    public CreateShareTypeRequestValidator()
    {
        RuleFor(r => r.Body).NotNull().OverridePropertyName("share_type").WithMessage("the request body must be {\"share_type\": {...}}.");
        RuleFor(r => r.ShareType).SetValidator(new CreateShareTypeBodyValidator()!).When(r => r.ShareType is not null);
        RuleFor(r => r.VolumeType).SetValidator(new CreateShareTypeBodyValidator()!).When(r => r.ShareType is null && r.VolumeType is not null);
    }
}

public sealed class CreateShareTypeBodyValidator : AbstractValidator<CreateShareTypeBody>
{
    public CreateShareTypeBodyValidator()
    {
        RuleFor(b => b.Name)
            .Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("is required and must not be blank (1 to 255 characters).")
            .MaximumLength(255).WithMessage("must be at most 255 characters.");
        RuleFor(b => b.Description).MaximumLength(255).WithMessage("must be at most 255 characters.");
        RuleFor(b => b.IsPublic).Must(JsonBool.IsAbsentOrBoolean).WithMessage(JsonBool.Message);
        RuleFor(b => b.LegacyIsPublic).Must(JsonBool.IsAbsentOrBoolean).WithMessage(JsonBool.Message);
        RuleFor(b => b.ExtraSpecs).Custom((specs, context) =>
        {
            if (specs is null || !specs.ContainsKey(StandardExtraSpecs.DriverHandlesShareServers))
            {
                context.AddFailure($"extra_specs.{StandardExtraSpecs.DriverHandlesShareServers}", "is required (True or False).");
                return;
            }

            foreach (var (key, message) in ExtraSpecInput.Problems(specs))
            {
                context.AddFailure(key is null ? "extra_specs" : $"extra_specs.{key}", message);
            }
        });
    }
}
