using FluentValidation;
using Microsoft.Extensions.Options;
using ShareHost.Features.Mounts.Mount;

namespace ShareHost.Features.Mounts.MountActions;

/// <summary>The value of <c>{"renew": {"lease_seconds": 60}}</c>: a new duration from now (the lease's own when absent).</summary>
public sealed record RenewRequest
{
    public int? LeaseSeconds { get; init; }
}

public sealed class RenewRequestValidator : AbstractValidator<RenewRequest>
{
    public RenewRequestValidator(IOptionsMonitor<MountOptions> options) =>
        RuleFor(r => r.LeaseSeconds).ValidLeaseSeconds(options);
}
