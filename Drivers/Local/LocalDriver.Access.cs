using System.Security.Cryptography;
using ShareHost.Abstractions;
using ShareHost.Drivers.Local.Access;
using ShareHost.Drivers.Local.Catalog;

namespace ShareHost.Drivers.Local;

/// <summary>
/// Access rules: the whole client list of an export is rebuilt from <see cref="AccessUpdate.Rules"/> and applied
/// at once. CIFS users authenticate with a local account the driver makes per user name (prefixed), whose
/// generated password is the rule's access key; the account goes when no rule names that user any more.
/// </summary>
public sealed partial class LocalDriver : IAccessDriver
{
    private const string PasswordAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    public async Task<IReadOnlyList<AccessRuleResult>> UpdateAccessAsync(AccessUpdate update, CancellationToken cancellationToken)
    {
        using var _ = await _locks.AcquireAsync(update.Share.Id, cancellationToken);
        var record = _catalog.Share(update.Share.Id) ?? throw new ShareNotFoundException($"Share instance {update.Share.Id} does not exist on this backend.");
        return await ApplyRulesAsync(record.Protocol, record.Name, record.ExportId, snapshot: false, record.Rules, update.Rules,
            rules => record.Rules = rules, cancellationToken);
    }

    /// <summary>
    /// Checks every rule, makes the accounts CIFS rules need, stores the good rules, and applies the export. A
    /// session whose user lost access (or write access) is disconnected, so the change holds at once.
    /// </summary>
    private async Task<IReadOnlyList<AccessRuleResult>> ApplyRulesAsync(
        string protocol, string name, int exportId, bool snapshot, IReadOnlyList<RuleRecord> previous,
        IReadOnlyList<DriverAccessRule> rules, Action<List<RuleRecord>> store, CancellationToken cancellationToken)
    {
        var results = new List<AccessRuleResult>();
        var accepted = new List<RuleRecord>();
        foreach (var rule in rules)
        {
            var problem = RuleCheck.Problem(rule, protocol, _options.UserPrefix);
            if (problem is not null)
            {
                results.Add(new AccessRuleResult { RuleId = rule.Id, Outcome = AccessRuleOutcome.Error, Message = problem });
                continue;
            }

            accepted.Add(new RuleRecord(rule.Id, rule.AccessType, protocol == "CIFS" ? rule.AccessTo.ToLowerInvariant() : rule.AccessTo, snapshot ? "ro" : rule.AccessLevel));
        }

        if (protocol == "CIFS")
        {
            await _accountsLock.WaitAsync(cancellationToken);
            try
            {
                foreach (var rule in accepted.ToList())
                {
                    var (user, problem) = await EnsureAccountAsync(rule.To, cancellationToken);
                    if (problem is not null)
                    {
                        accepted.Remove(rule);
                        results.Add(new AccessRuleResult { RuleId = rule.Id, Outcome = AccessRuleOutcome.Error, Message = problem });
                        continue;
                    }

                    results.Add(new AccessRuleResult { RuleId = rule.Id, Outcome = AccessRuleOutcome.Applied, AccessKey = user!.Password });
                }

                // Stored before the lock is let go, so a concurrent clean-up never sees these accounts unused.
                _catalog.Update(_ => store(accepted));
            }
            finally
            {
                _accountsLock.Release();
            }
        }
        else
        {
            _catalog.Update(_ => store(accepted));
        }

        var lostAccess = previous.Any(old => !accepted.Any(now => now.To == old.To && (now.Level == old.Level || now.Level == "rw")));
        await PublishAsync(protocol, name, exportId, snapshot, accepted, disconnect: lostAccess, cancellationToken);
        await RemoveUnusedAccountsAsync(cancellationToken);
        return results;
    }

    /// <summary>The account for a CIFS user name, made if needed; refuses a same-named account this backend did not make.</summary>
    private async Task<(UserRecord? User, string? Problem)> EnsureAccountAsync(string client, CancellationToken cancellationToken)
    {
        var accounts = _accounts ?? throw new ShareDriverException("This backend does not serve CIFS.");
        var user = _catalog.User(client);
        if (user is null)
        {
            var account = RuleCheck.AccountFor(_options.UserPrefix, client);
            if (await Cifs.SambaAccounts.ExistsAsync(account, cancellationToken))
            {
                return (null, $"A local account named '{account}' already exists and is not managed by this backend.");
            }

            user = new UserRecord(client, account, Password());
            var created = user;
            _catalog.Update(data => data.Users[client] = created);
        }

        await accounts.EnsureAsync(user.Account, user.Password, $"ShareHost {_backend} CIFS user {client}", cancellationToken);
        return (user, null);
    }

    /// <summary>Accounts no CIFS rule on a share or snapshot names any more are removed with their Samba entry.</summary>
    private async Task RemoveUnusedAccountsAsync(CancellationToken cancellationToken)
    {
        if (_accounts is null)
        {
            return;
        }

        await _accountsLock.WaitAsync(cancellationToken);
        try
        {
            var used = _catalog.Shares.Where(s => s.Protocol == "CIFS").SelectMany(s => s.Rules)
                .Concat(_catalog.Snapshots.Where(s => s.Protocol == "CIFS").SelectMany(s => s.Rules))
                .Select(r => r.To)
                .ToHashSet();
            foreach (var user in _catalog.Users.Where(u => !used.Contains(u.Client)))
            {
                await _accounts.RemoveAsync(user.Account, cancellationToken);
                _catalog.Update(data => data.Users.Remove(user.Client));
            }
        }
        finally
        {
            _accountsLock.Release();
        }
    }

    private static string Password() => RandomNumberGenerator.GetString(PasswordAlphabet, 24);
}
