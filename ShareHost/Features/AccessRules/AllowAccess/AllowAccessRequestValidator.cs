using FluentValidation;
using ShareHost.Api.Versioning;
using ShareHost.Features.Shares;

namespace ShareHost.Features.AccessRules.AllowAccess;

/// <summary>
/// What can be judged without the share: the rule at the newest microversion, and the metadata limits. The service
/// judges again with the request's microversion and the share's protocol, so every refusal names its field.
/// </summary>
public sealed class AllowAccessRequestValidator : AbstractValidator<AllowAccessRequest>
{
    public AllowAccessRequestValidator()
    {
        RuleFor(r => r).Custom((request, context) =>
        {
            if (AccessRuleValidation.Check(new AccessRuleInput(request.AccessType, request.AccessTo, request.AccessLevel), VersionHistory.Max) is { } problem)
            {
                context.AddFailure(problem.Field, problem.Message);
            }
        });
        RuleFor(r => r.Metadata!).SetValidator(new MetadataValidator()).When(r => r.Metadata is not null);
    }
}
