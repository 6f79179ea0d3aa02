using FluentValidation;

namespace ShareHost.Features.Snapshots.Revert;

/// <summary>The value of <c>{"revert": {"snapshot_id": "…"}}</c> (2.27+).</summary>
public sealed record RevertShareRequest
{
    public string? SnapshotId { get; init; }
}

public sealed class RevertShareRequestValidator : AbstractValidator<RevertShareRequest>
{
    public RevertShareRequestValidator()
    {
        RuleFor(r => r.SnapshotId).NotEmpty().WithMessage("is required: the id of the share's latest snapshot.");
    }
}

/// <summary>What the revert operation carries: the snapshot instance the share goes back to.</summary>
public sealed record RevertSharePayload(string SnapshotInstanceId);
