using System.Security.Cryptography;
using System.Text;
using ShareHost.Abstractions;

namespace ShareHost.Drivers.Dummy;

/// <summary>
/// The sync-access call, after Manila's dummy driver: NFS shares take <c>ip</c> rules, CIFS shares <c>user</c> rules
/// (CEPHFS <c>cephx</c>); other rules, and rules whose target is listed in <c>Access:FailAccessTo</c>, fail one by one.
/// <c>cephx</c> and <c>user</c> rules get a deterministic fake secret as access key. The calls are counted, and the
/// count is reported as the pool capability <c>dummy_access_calls</c> so an out-of-process benchmark can read it.
/// </summary>
public sealed partial class DummyDriver : IAccessDriver
{
    private readonly Lock _accessLock = new();
    private readonly Dictionary<string, IReadOnlyList<DriverAccessRule>> _appliedAccess = new(StringComparer.Ordinal);
    private int _accessCalls;
    private AccessUpdate? _lastAccessUpdate;

    /// <summary>How many sync-access calls reached this driver (including those that then failed).</summary>
    public int AccessCallCount => Volatile.Read(ref _accessCalls);

    /// <summary>The last sync-access call's argument.</summary>
    public AccessUpdate? LastAccessUpdate
    {
        get
        {
            lock (_accessLock)
            {
                return _lastAccessUpdate;
            }
        }
    }

    /// <summary>The rules the instance admits after the last successful call (the desired set minus refused rules).</summary>
    public IReadOnlyList<DriverAccessRule> AppliedAccessRules(string instanceId)
    {
        lock (_accessLock)
        {
            return _appliedAccess.GetValueOrDefault(instanceId) ?? [];
        }
    }

    public async Task<IReadOnlyList<AccessRuleResult>> UpdateAccessAsync(AccessUpdate update, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _accessCalls);
        lock (_accessLock)
        {
            _lastAccessUpdate = update;
        }

        await _behaviour.BeforeAsync("UpdateAccess", cancellationToken);
        var accepted = AcceptedType(update.Share.Protocol);
        var results = new List<AccessRuleResult>();
        var applied = new List<DriverAccessRule>();
        foreach (var rule in update.Rules)
        {
            string? refusal = null;
            if (_options.Access.FailAccessTo.Contains(rule.AccessTo, StringComparer.Ordinal))
            {
                refusal = $"{_options.Access.FailMessage} ({rule.AccessType}:{rule.AccessTo})";
            }
            else if (accepted is not null && rule.AccessType != accepted)
            {
                refusal = $"The Dummy backend accepts only '{accepted}' rules on {update.Share.Protocol} shares.";
            }
            else if (rule.AccessLevel is not ("rw" or "ro"))
            {
                refusal = $"Unknown access level '{rule.AccessLevel}'.";
            }

            if (refusal is not null)
            {
                results.Add(new AccessRuleResult { RuleId = rule.Id, Outcome = AccessRuleOutcome.Error, Message = refusal });
                continue;
            }

            applied.Add(rule);
            if (rule.AccessType is "cephx" or "user")
            {
                results.Add(new AccessRuleResult { RuleId = rule.Id, Outcome = AccessRuleOutcome.Applied, AccessKey = FakeSecret(update.Share.Id, rule) });
            }
        }

        lock (_accessLock)
        {
            if (applied.Count == 0)
            {
                _appliedAccess.Remove(update.Share.Id);
            }
            else
            {
                _appliedAccess[update.Share.Id] = applied;
            }
        }

        return results;
    }

    partial void AddAccessCapabilities(Dictionary<string, object> capabilities)
    {
        capabilities["dummy_access_calls"] = (double)AccessCallCount;
        lock (_accessLock)
        {
            capabilities["dummy_access_rules"] = (double)_appliedAccess.Values.Sum(r => r.Count);
        }
    }

    private static string? AcceptedType(string protocol) => protocol.ToUpperInvariant() switch
    {
        "NFS" => "ip",
        "CIFS" => "user",
        "CEPHFS" => "cephx",
        _ => null,
    };

    /// <summary>Stable per instance and rule target, so a re-sent rule keeps its key; not a real credential.</summary>
    private static string FakeSecret(string instanceId, DriverAccessRule rule) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes($"dummy:{instanceId}:{rule.AccessType}:{rule.AccessTo}"))[..20]);
}
