using ShareHost.Abstractions;
using ShareHost.Drivers.Local.Processes;

namespace ShareHost.Drivers.Local.Cifs;

/// <summary>
/// The local accounts behind CIFS <c>user</c> rules: a system account without home or shell (Samba needs a Unix
/// identity) and a tdbsam entry in the backend's private passdb with a generated password.
/// </summary>
internal sealed class SambaAccounts(SambaPaths paths)
{
    public static async Task<bool> ExistsAsync(string account, CancellationToken cancellationToken) =>
        (await Command.RunAsync("getent", ["passwd", account], cancellationToken)).Succeeded;

    /// <summary>Creates the account if needed and sets its Samba password (idempotent).</summary>
    public async Task EnsureAsync(string account, string password, string comment, CancellationToken cancellationToken)
    {
        if (!await ExistsAsync(account, cancellationToken))
        {
            var created = await Command.RunAsync("useradd", ["-M", "-s", "/usr/sbin/nologin", "-c", comment, account], cancellationToken);
            // 9: the name exists (a repeat after a crash raced us); anything else is a real failure.
            if (!created.Succeeded && created.ExitCode != 9)
            {
                created.EnsureSuccess("The backend could not create the account for a CIFS user.");
            }
        }

        await Command.CheckAsync("smbpasswd", ["-c", paths.Config, "-s", "-a", account],
            "The backend could not set the CIFS user's password.", cancellationToken, input: $"{password}\n{password}\n");
    }

    /// <summary>Removes the Samba entry and the system account; either being gone already is fine.</summary>
    public async Task RemoveAsync(string account, CancellationToken cancellationToken)
    {
        await Command.RunAsync("smbpasswd", ["-c", paths.Config, "-x", account], cancellationToken);
        if (await ExistsAsync(account, cancellationToken))
        {
            var removed = await Command.RunAsync("userdel", [account], cancellationToken);
            if (!removed.Succeeded && await ExistsAsync(account, cancellationToken))
            {
                throw new ShareDriverException($"userdel {account} failed: {removed.Message}")
                {
                    UserMessage = "The backend could not remove the account of a CIFS user.",
                };
            }
        }
    }
}
