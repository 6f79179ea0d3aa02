using System.Text.Json;
using FluentValidation;

namespace ShareHost.Features.ShareTypes.UpdateShareType;

public sealed class UpdateShareTypeRequestValidator : AbstractValidator<UpdateShareTypeRequest>
{
    public UpdateShareTypeRequestValidator()
    {
        RuleFor(r => r.Body).NotNull().OverridePropertyName("share_type").WithMessage("the request body must be {\"share_type\": {...}}.");
        RuleFor(r => r.Body)
            .Must(b => b!.Name is not null || b.Description is not null || b.IsPublic is { ValueKind: not JsonValueKind.Null })
            .When(r => r.Body is not null)
            .OverridePropertyName("share_type")
            .WithMessage("specify name, description, share_type_access:is_public or a combination of them.");
        RuleFor(r => r.ShareType).SetValidator(new UpdateShareTypeBodyValidator()!).When(r => r.ShareType is not null);
        RuleFor(r => r.VolumeType).SetValidator(new UpdateShareTypeBodyValidator()!).When(r => r.ShareType is null && r.VolumeType is not null);
    }
}

public sealed class UpdateShareTypeBodyValidator : AbstractValidator<UpdateShareTypeBody>
{
    public UpdateShareTypeBodyValidator()
    {
        RuleFor(b => b.Name)
            .Must(n => n is null || n.Trim().Length > 0).WithMessage("must not be empty.")
            .MaximumLength(255).WithMessage("must be at most 255 characters.");
        RuleFor(b => b.Description).MaximumLength(255).WithMessage("must be at most 255 characters.");
        RuleFor(b => b.IsPublic).Must(JsonBool.IsAbsentOrBoolean).WithMessage(JsonBool.Message);
    }
}
