using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Features.Shares;

namespace ShareHost.Features.AccessRules;

/// <summary>Finds a rule the caller may see: another project's private share's rule does not exist (404); a public one's is 403.</summary>
public sealed class AccessRuleLookup(AccessRuleRepository rules, ShareLookup shares)
{
    public async Task<(AccessRule Rule, ShareRecord Share)> OwnedAsync(string accessId, RequestContext caller, string policy, CancellationToken cancellationToken)
    {
        var rule = await rules.FindAsync(accessId, cancellationToken) ?? throw NotFound(accessId);
        ShareRecord share;
        try
        {
            share = await shares.OwnedAsync(rule.ShareId, caller, policy, cancellationToken);
        }
        catch (NotFoundException)
        {
            throw NotFound(accessId);
        }

        return (rule, share);
    }

    private static NotFoundException NotFound(string accessId) => new($"Access rule {accessId} not found.");
}
