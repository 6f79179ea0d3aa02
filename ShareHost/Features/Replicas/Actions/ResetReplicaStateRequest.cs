using FluentValidation;
using ShareHost.Features.Shares;

namespace ShareHost.Features.Replicas.Actions;

/// <summary><c>{"reset_replica_state": {"replica_state": …}}</c>.</summary>
public sealed record ResetReplicaStateRequest
{
    public string? ReplicaState { get; init; }
}

public sealed class ResetReplicaStateRequestValidator : AbstractValidator<ResetReplicaStateRequest>
{
    public ResetReplicaStateRequestValidator()
    {
        RuleFor(r => r.ReplicaState)
            .NotEmpty().WithMessage("is required.")
            .Must(s => s is null || ReplicaStates.All.Contains(s))
            .WithMessage(r => $"'{r.ReplicaState}' is not one of {string.Join(", ", ReplicaStates.All.Order())}.");
    }
}
