using FluentValidation;

namespace ShareHost.Features.Shares.ExtendShare;

/// <summary>The value of <c>{"extend": {"new_size": 5, "force": false}}</c>; <c>force</c> exists from 2.64 and is admin only.</summary>
public sealed record ExtendShareRequest
{
    public int? NewSize { get; init; }

    public bool? Force { get; init; }
}

public sealed class ExtendShareRequestValidator : AbstractValidator<ExtendShareRequest>
{
    public ExtendShareRequestValidator()
    {
        RuleFor(r => r.NewSize)
            .NotNull().WithMessage("is required (an integer number of GiB).")
            .GreaterThan(0).WithMessage("must be an integer greater than 0.");
    }
}

/// <summary>What the extend operation carries. QuotaRepository counts pending extends by <c>$.NewSize</c>: keep the name.</summary>
public sealed record ExtendSharePayload(int NewSize);
