using ShareHost.Api;
using ShareHost.Api.Versioning;

namespace ShareHost.Features.AccessRules;

/// <summary>
/// Manila's access rule view: <c>id, access_level, access_to, access_type, state</c> (+ <c>share_id</c> when shown
/// alone); <c>access_key</c> from 2.21; <c>created_at, updated_at</c> from 2.33; <c>metadata</c> from 2.45. Before 2.28
/// a rule's state is the share's access_rules_status, with syncing shown as <c>new</c>.
/// </summary>
public static class AccessRuleView
{
    public static Dictionary<string, object?> Render(HttpContext http, AccessRule rule, string shareAccessRulesStatus, bool withShareId)
    {
        var version = http.ApiVersion();
        var view = new Dictionary<string, object?> { ["id"] = rule.Id };
        if (withShareId)
        {
            view["share_id"] = rule.ShareId;
        }

        view["access_level"] = rule.AccessLevel;
        view["access_to"] = rule.AccessTo;
        view["access_type"] = rule.AccessType;
        view["state"] = version.AtLeast("2.28") ? rule.State : LegacyState(shareAccessRulesStatus);
        if (version.AtLeast("2.21"))
        {
            view["access_key"] = rule.AccessKey;
        }

        if (version.AtLeast("2.33"))
        {
            view["created_at"] = ManilaJson.Timestamp(rule.CreatedAt);
            view["updated_at"] = ManilaJson.Timestamp(rule.UpdatedAt);
        }

        if (version.AtLeast("2.45"))
        {
            view["metadata"] = rule.Metadata;
        }

        return view;
    }

    public static List<Dictionary<string, object?>> List(HttpContext http, IEnumerable<AccessRule> rules, string shareAccessRulesStatus) =>
        rules.Select(r => Render(http, r, shareAccessRulesStatus, withShareId: false)).ToList();

    private static string LegacyState(string status) => status == AccessRulesStatus.Syncing ? "new" : status;
}
