using FluentValidation;
using ShareHost.Features.AccessRules.AllowAccess;

namespace ShareHost.Features.AccessRules.BulkChange;

/// <summary>The body of <c>POST /v2/sharehost/shares/{id}/access-rules</c>: rules to add and rule ids to remove.</summary>
public sealed record BulkAccessChangeRequest
{
    public List<AllowAccessRequest>? Add { get; init; }

    public List<string>? Remove { get; init; }
}

/// <summary>The shape only; each item is judged by the service against the share (protocol, duplicates, existing rules) and named by index.</summary>
public sealed class BulkAccessChangeRequestValidator : AbstractValidator<BulkAccessChangeRequest>
{
    public BulkAccessChangeRequestValidator()
    {
        RuleFor(r => r).Must(r => (r.Add?.Count ?? 0) + (r.Remove?.Count ?? 0) > 0)
            .OverridePropertyName("add")
            .WithMessage("add or remove must name at least one access rule.");
    }
}
