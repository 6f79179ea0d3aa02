using FluentValidation;

namespace ShareHost.Features.Quotas.UpdateQuotaSet;

public sealed class UpdateQuotaSetRequestValidator : AbstractValidator<UpdateQuotaSetRequest>
{
    private const string Range = "must be an integer greater than or equal to -1 (-1 is unlimited).";

    public UpdateQuotaSetRequestValidator()
    {
        RuleFor(r => r.QuotaSet).NotNull().WithMessage("the request body must be {\"quota_set\": {...}}.");
        When(r => r.QuotaSet is not null, () =>
        {
            RuleFor(r => r.QuotaSet!.Shares).GreaterThanOrEqualTo(-1).WithMessage(Range);
            RuleFor(r => r.QuotaSet!.Gigabytes).GreaterThanOrEqualTo(-1).WithMessage(Range);
            RuleFor(r => r.QuotaSet!.Snapshots).GreaterThanOrEqualTo(-1).WithMessage(Range);
            RuleFor(r => r.QuotaSet!.SnapshotGigabytes).GreaterThanOrEqualTo(-1).WithMessage(Range);
            RuleFor(r => r.QuotaSet!.ShareNetworks).GreaterThanOrEqualTo(-1).WithMessage(Range);
            RuleFor(r => r.QuotaSet!.ShareGroups).GreaterThanOrEqualTo(-1).WithMessage(Range);
            RuleFor(r => r.QuotaSet!.ShareGroupSnapshots).GreaterThanOrEqualTo(-1).WithMessage(Range);
            RuleFor(r => r.QuotaSet!.ShareReplicas).GreaterThanOrEqualTo(-1).WithMessage(Range);
            RuleFor(r => r.QuotaSet!.ReplicaGigabytes).GreaterThanOrEqualTo(-1).WithMessage(Range);
            RuleFor(r => r.QuotaSet!.PerShareGigabytes).GreaterThanOrEqualTo(-1).WithMessage(Range);
            RuleFor(r => r.QuotaSet!.TenantId).MaximumLength(255).WithMessage("must be at most 255 characters.");
            RuleFor(r => r.QuotaSet!.Id).MaximumLength(255).WithMessage("must be at most 255 characters.");
        });
    }
}
