using FluentValidation;

namespace ShareHost.Features.Shares.ShrinkShare;

/// <summary>The value of <c>{"shrink": {"new_size": 1}}</c>.</summary>
public sealed record ShrinkShareRequest
{
    public int? NewSize { get; init; }
}

public sealed class ShrinkShareRequestValidator : AbstractValidator<ShrinkShareRequest>
{
    public ShrinkShareRequestValidator()
    {
        RuleFor(r => r.NewSize)
            .NotNull().WithMessage("is required (an integer number of GiB).")
            .GreaterThan(0).WithMessage("must be an integer greater than 0.");
    }
}

public sealed record ShrinkSharePayload(int NewSize);
