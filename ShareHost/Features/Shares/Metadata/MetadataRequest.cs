using FluentValidation;

namespace ShareHost.Features.Shares.Metadata;

/// <summary><c>{"metadata": {"key": "value", …}}</c>, the body of every metadata write.</summary>
public sealed record MetadataRequest
{
    public Dictionary<string, string>? Metadata { get; init; }
}

public sealed class MetadataRequestValidator : AbstractValidator<MetadataRequest>
{
    public MetadataRequestValidator()
    {
        RuleFor(r => r.Metadata).NotNull().WithMessage("is required: the body must be {\"metadata\": {\"key\": \"value\"}}.");
        RuleFor(r => r.Metadata).SetValidator(new MetadataValidator()!).When(r => r.Metadata is not null);
    }
}
