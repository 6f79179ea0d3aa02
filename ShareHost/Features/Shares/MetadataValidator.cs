using FluentValidation;

namespace ShareHost.Features.Shares;

/// <summary>Manila's metadata limits: keys 1–255 characters, values 1–1023 characters.</summary>
public sealed class MetadataValidator : AbstractValidator<Dictionary<string, string>>
{
    public const int MaxItems = 128;

    public MetadataValidator()
    {
        RuleFor(m => m.Count).LessThanOrEqualTo(MaxItems).WithMessage($"at most {MaxItems} items are allowed.");
        RuleForEach(m => m)
            .Must(kv => kv.Key.Length is >= 1 and <= 255).WithMessage("metadata keys must be 1 to 255 characters.")
            .Must(kv => kv.Value is { Length: >= 1 and <= 1023 }).WithMessage("metadata values must be 1 to 1023 characters.");
    }
}
