using System.Text.Json;
using ShareHost.Api.Auth;

namespace ShareHost.Features.Shares.Actions;

/// <summary>
/// One action of <c>POST /v2/shares/{id}/action</c>, selected by the body's single key. Features add actions by
/// registering an implementation with <see cref="ShareActionRegistration.AddShareAction{T}"/>; the dispatcher never changes.
/// </summary>
public interface IShareAction
{
    /// <summary>The body keys this action answers to, with the microversions each is valid for (e.g. <c>os-extend</c> 2.0–2.6, <c>extend</c> 2.7+).</summary>
    IReadOnlyList<ActionName> Names { get; }

    /// <summary>
    /// True when the action takes the share (row, primary instance and export locations) from
    /// <see cref="ShareRowCache"/>: current for this process's writes, up to a second old for another process's. Only
    /// for an action that checks again, when it commits, what its safety depends on, as the mount action does where
    /// its lease is written. Its hot path then reads nothing from the database before that write.
    /// </summary>
    bool UsesCachedRow => false;

    Task<IResult> HandleAsync(ShareActionContext context, JsonElement body, CancellationToken cancellationToken);
}

/// <summary>An action key and the microversion range it is valid in.</summary>
public sealed record ActionName(string Key, string MinVersion = "2.0", string? MaxVersion = null, bool Experimental = false);

/// <summary>What an action is called with: the request, the caller, the share id from the URL, and the key used.</summary>
public sealed record ShareActionContext(HttpContext Http, RequestContext Caller, string ShareId, string ActionKey)
{
    /// <summary>
    /// The share as the dispatcher found it (visible to the caller), so an action need not read it again: its row and
    /// primary instance, with export locations only when the action <see cref="IShareAction.UsesCachedRow"/> (then shared: never change it),
    /// never with metadata (an action that needs that reads the share itself).
    /// </summary>
    public ShareRecord? Share { get; init; }
}

public static class ShareActionRegistration
{
    public static IServiceCollection AddShareAction<TAction>(this IServiceCollection services)
        where TAction : class, IShareAction
    {
        services.AddSingleton<IShareAction, TAction>();
        return services;
    }
}
