using FluentValidation;

namespace ShareHost.Features.Snapshots.Access;

/// <summary>The value of <c>{"allow_access": {"access_type": "ip", "access_to": "10.0.0.0/24"}}</c>.</summary>
public sealed record AllowSnapshotAccessRequest
{
    public string? AccessType { get; init; }

    public string? AccessTo { get; init; }

    /// <summary>Not part of Manila's body; accepted only as <c>ro</c>, so a client asking for <c>rw</c> hears why not.</summary>
    public string? AccessLevel { get; init; }
}

public sealed class AllowSnapshotAccessRequestValidator : AbstractValidator<AllowSnapshotAccessRequest>
{
    public AllowSnapshotAccessRequestValidator()
    {
        RuleFor(r => r.AccessType).NotEmpty().WithMessage("is required: ip, user or cert.");
        RuleFor(r => r.AccessTo).NotEmpty().WithMessage("is required.").MaximumLength(255).WithMessage("must be at most 255 characters.");
        RuleFor(r => r.AccessLevel)
            .Must(l => l is null or "ro")
            .WithMessage(r => $"snapshots are mounted read-only: the access level can only be 'ro' (got '{r.AccessLevel}').");
    }
}

/// <summary>The value of <c>{"deny_access": {"access_id": "…"}}</c>.</summary>
public sealed record DenySnapshotAccessRequest
{
    public string? AccessId { get; init; }
}

public sealed class DenySnapshotAccessRequestValidator : AbstractValidator<DenySnapshotAccessRequest>
{
    public DenySnapshotAccessRequestValidator()
    {
        RuleFor(r => r.AccessId).NotEmpty().WithMessage("is required: the id of the rule to remove.");
    }
}
