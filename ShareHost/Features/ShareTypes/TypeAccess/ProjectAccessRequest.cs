using FluentValidation;

namespace ShareHost.Features.ShareTypes.TypeAccess;

/// <summary>The value of <c>addProjectAccess</c> / <c>removeProjectAccess</c>: <c>{"project": "…"}</c>.</summary>
public sealed record ProjectAccessRequest
{
    public string? Project { get; init; }
}

/// <summary>
/// Manila wants a UUID here because Keystone project ids are UUIDs; ShareHost's projects come from its token
/// configuration and may be any name, so only blank, over-long or whitespace-bearing ids are refused.
/// </summary>
public sealed class ProjectAccessRequestValidator : AbstractValidator<ProjectAccessRequest>
{
    public ProjectAccessRequestValidator()
    {
        RuleFor(r => r.Project)
            .NotEmpty().WithMessage("is required (a project id).")
            .MaximumLength(255).WithMessage("must be at most 255 characters.")
            .Must(p => p is null || !p.Any(char.IsWhiteSpace) && !p.Any(char.IsControl)).WithMessage("must not contain spaces or control characters.");
    }
}
