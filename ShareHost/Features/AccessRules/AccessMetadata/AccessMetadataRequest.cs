using FluentValidation;
using ShareHost.Features.Shares;

namespace ShareHost.Features.AccessRules.AccessMetadata;

/// <summary>The body of <c>PUT /v2/share-access-rules/{id}/metadata</c>.</summary>
public sealed record AccessMetadataRequest
{
    public Dictionary<string, string>? Metadata { get; init; }
}

public sealed class AccessMetadataRequestValidator : AbstractValidator<AccessMetadataRequest>
{
    public AccessMetadataRequestValidator()
    {
        RuleFor(r => r.Metadata).NotNull().WithMessage("is required.");
        RuleFor(r => r.Metadata!).SetValidator(new MetadataValidator()).When(r => r.Metadata is not null);
    }
}
