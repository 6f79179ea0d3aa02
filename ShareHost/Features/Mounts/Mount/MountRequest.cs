using FluentValidation;
using Microsoft.Extensions.Options;
using ShareHost.Features.Mounts.Leases;

namespace ShareHost.Features.Mounts.Mount;

/// <summary>
/// The value of <c>{"mount": {"client": "10.0.0.5", "access_level": "rw", "lease_seconds": 60, "exclusive": false}}</c>.
/// Only a duration is accepted for the lease, never a time: the server's clock alone decides when it ends.
/// </summary>
public sealed record MountRequest
{
    public string? Client { get; init; }

    public string? AccessLevel { get; init; }

    public int? LeaseSeconds { get; init; }

    public bool? Exclusive { get; init; }
}

public sealed class MountRequestValidator : AbstractValidator<MountRequest>
{
    public MountRequestValidator(IOptionsMonitor<MountOptions> options)
    {
        RuleFor(r => r.Client)
            .NotEmpty().WithMessage("is required: the client's IPv4 or IPv6 address or host name.")
            .Must(c => c is null || ClientAddress.TryNormalize(c, out _))
            .WithMessage(r => $"'{r.Client}' is not an IPv4 address, an IPv6 address or a host name.");
        RuleFor(r => r.AccessLevel)
            .Must(l => l is null or LeaseStates.ReadWrite or LeaseStates.ReadOnly)
            .WithMessage(r => $"'{r.AccessLevel}' is not an access level: use 'rw' or 'ro'.");
        RuleFor(r => r.LeaseSeconds).ValidLeaseSeconds(options);
        RuleFor(r => r.Exclusive)
            .Must((r, exclusive) => exclusive != true || (r.AccessLevel ?? LeaseStates.ReadWrite) == LeaseStates.ReadWrite)
            .WithMessage("only rw mounts can be exclusive.");
    }
}

/// <summary>A lease length: a whole number of seconds, at least 1, at most Mounts:MaxLeaseSeconds.</summary>
public static class LeaseSecondsRules
{
    public static IRuleBuilderOptions<T, int?> ValidLeaseSeconds<T>(this IRuleBuilder<T, int?> rule, IOptionsMonitor<MountOptions> options) =>
        rule.Must(seconds => seconds is null or > 0)
            .WithMessage((_, seconds) => $"must be a whole number of seconds greater than 0 (got {seconds}).")
            .Must(seconds => seconds is null || seconds <= options.CurrentValue.MaxLeaseSeconds)
            .WithMessage((_, seconds) => $"must be at most {options.CurrentValue.MaxLeaseSeconds} seconds (Mounts:MaxLeaseSeconds; got {seconds}).");
}
