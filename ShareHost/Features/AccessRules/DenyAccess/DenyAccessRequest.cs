using FluentValidation;

namespace ShareHost.Features.AccessRules.DenyAccess;

/// <summary>The value of <c>deny_access</c> (<c>os-deny_access</c> before 2.7).</summary>
public sealed record DenyAccessRequest
{
    public string? AccessId { get; init; }
}

public sealed class DenyAccessRequestValidator : AbstractValidator<DenyAccessRequest>
{
    public DenyAccessRequestValidator()
    {
        RuleFor(r => r.AccessId).NotEmpty().WithMessage("is required.").MaximumLength(255).WithMessage("is too long.");
    }
}
