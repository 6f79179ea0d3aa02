using System.Text.Json;
using Dapper;
using FluentValidation;
using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Features.Shares.Actions;
using ShareHost.Persistence;

namespace ShareHost.Features.Shares.ResetStatus;

/// <summary>Admin <c>reset_status</c>: a database write of one of Manila's resettable statuses; no driver call.</summary>
public sealed class ResetStatusAction(ShareLookup lookup, SqliteConnectionFactory connections) : IShareAction
{
    public IReadOnlyList<ActionName> Names { get; } = [new("os-reset_status", "2.0", "2.6"), new("reset_status", "2.7")];

    public async Task<IResult> HandleAsync(ShareActionContext context, JsonElement body, CancellationToken cancellationToken)
    {
        context.Caller.EnsureAdmin("share:reset_status");
        var request = await ActionBody.ReadAsync<ResetStatusRequest>(context, body, cancellationToken);
        var share = await lookup.VisibleAsync(context.ShareId, context.Caller, cancellationToken);
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE share_instances SET status = @Status, updated_at = @Now WHERE id = @InstanceId",
            new { request.Status, Now = DateTime.UtcNow, share.InstanceId }, cancellationToken: cancellationToken));
        return TypedResults.Accepted((string?)null);
    }
}

public sealed record ResetStatusRequest
{
    public string? Status { get; init; }
}

public sealed class ResetStatusRequestValidator : AbstractValidator<ResetStatusRequest>
{
    public ResetStatusRequestValidator()
    {
        RuleFor(r => r.Status)
            .NotEmpty().WithMessage("is required.")
            .Must(s => s is null || ShareStatus.Resettable.Contains(s))
            .WithMessage(r => $"'{r.Status}' is not one of {string.Join(", ", ShareStatus.Resettable.Order())}.");
    }
}
