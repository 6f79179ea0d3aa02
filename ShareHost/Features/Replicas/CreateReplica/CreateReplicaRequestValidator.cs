using FluentValidation;

namespace ShareHost.Features.Replicas.CreateReplica;

public sealed class CreateReplicaRequestValidator : AbstractValidator<CreateReplicaRequest>
{
    public CreateReplicaRequestValidator()
    {
        RuleFor(r => r.ShareReplica).NotNull().WithMessage("the request body must be {\"share_replica\": {...}}.");
        When(r => r.ShareReplica is not null, () =>
        {
            RuleFor(r => r.ShareReplica!.ShareId).NotEmpty().WithMessage("is required (the id of the share to replicate).");
            RuleFor(r => r.ShareReplica!.AvailabilityZone).MaximumLength(255).WithMessage("must be at most 255 characters.");
            RuleFor(r => r.ShareReplica!.ShareNetworkId).Empty()
                .WithMessage("is not supported: ShareHost backends do not handle share networks.");
            RuleFor(r => r.ShareReplica!.SchedulerHints)
                .Must(h => h is null || h.Keys.All(k => k == "only_host"))
                .WithMessage(r => $"has unknown keys ({string.Join(", ", r.ShareReplica!.SchedulerHints!.Keys.Where(k => k != "only_host"))}); only 'only_host' is accepted.");
        });
    }
}
