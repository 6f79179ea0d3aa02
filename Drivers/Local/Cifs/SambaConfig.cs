using System.Text;
using ShareHost.Abstractions;

namespace ShareHost.Drivers.Local.Cifs;

/// <summary>One Samba share: a mounted share or snapshot and the accounts that may read or write it.</summary>
internal sealed record SambaShare(string Name, string Path, bool ReadOnly, IReadOnlyList<string> ReadUsers, IReadOnlyList<string> WriteUsers);

/// <summary>
/// Samba's configuration, written from code: a private smb.conf (every state, lock, cache, pid and private folder
/// in the backend's state directory, tdbsam users), an include file with the shares, and a username map from the
/// names clients log in with to the driver's prefixed local accounts.
/// </summary>
internal static class SambaConfig
{
    public static string Main(SambaPaths paths, IEnumerable<string> addresses, int port) => $"""
        # Written by ShareHost's Local driver; regenerated at every start.
        [global]
            server role = standalone server
            workgroup = SHAREHOST
            smb ports = {port}
            interfaces = {string.Join(' ', addresses.Select(Interface))}
            bind interfaces only = yes
            disable netbios = yes
            server min protocol = SMB2_10
            private dir = {Value(paths.Private)}
            lock directory = {Value(paths.Lock)}
            state directory = {Value(paths.State)}
            cache directory = {Value(paths.Cache)}
            pid directory = {Value(paths.Pid)}
            ncalrpc dir = {Value(paths.Ncalrpc)}
            log file = {Value(paths.Log)}
            max log size = 1000
            passdb backend = tdbsam:{Value(paths.Passdb)}
            username map = {Value(paths.UserMap)}
            map to guest = never
            restrict anonymous = 2
            load printers = no
            printing = bsd
            printcap name = /dev/null
            disable spoolss = yes
            include = {Value(paths.Shares)}

        """;

    /// <summary>
    /// The shares. Access is by account: <c>valid users</c> admits every rule's account, <c>write list</c> the
    /// <c>rw</c> ones; a share without rules is not available at all (an empty <c>valid users</c> would admit
    /// everyone). Files are written as root, as NFS clients do with No_Root_Squash: the rules decide who gets in.
    /// </summary>
    public static string Shares(IEnumerable<SambaShare> shares)
    {
        var text = new StringBuilder("# Written by ShareHost's Local driver.\n");
        foreach (var share in shares.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            var readers = share.ReadUsers.Concat(share.WriteUsers).Distinct().Order(StringComparer.Ordinal).ToList();
            text.Append('[').Append(Name(share.Name)).Append("]\n");
            text.Append("    path = ").Append(Value(share.Path)).Append('\n');
            text.Append("    read only = yes\n");
            text.Append("    force user = root\n");
            text.Append("    force group = root\n");
            text.Append("    browseable = no\n");
            if (readers.Count == 0)
            {
                text.Append("    available = no\n");
                continue;
            }

            text.Append("    valid users = ").Append(Users(readers)).Append('\n');
            var writers = share.ReadOnly ? [] : share.WriteUsers.Distinct().Order(StringComparer.Ordinal).ToList();
            if (writers.Count > 0)
            {
                text.Append("    write list = ").Append(Users(writers)).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>Lines <c>account = client name</c>: clients log in as <c>alice</c>, Samba checks the account <c>sh-alice</c>.</summary>
    public static string UserMap(IEnumerable<(string Account, string Client)> users) =>
        "# Written by ShareHost's Local driver.\n"
        + string.Concat(users.OrderBy(u => u.Account, StringComparer.Ordinal).Select(u => $"{Name(u.Account)} = {Name(u.Client)}\n"));

    /// <summary>
    /// Samba only binds addresses it finds on an interface; 127.0.0.2 and the like are not listed on <c>lo</c>
    /// (only 127.0.0.1/8 is), but given with the loopback netmask Samba binds them too.
    /// </summary>
    private static string Interface(string address) => address.StartsWith("127.", StringComparison.Ordinal) ? Value(address) + "/8" : Value(address);

    private static string Users(IEnumerable<string> accounts) => string.Join(' ', accounts.Select(a => "\"" + Name(a) + "\""));

    /// <summary>Share, account and client names: letters, digits, dot, dash, underscore only.</summary>
    private static string Name(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? name
            : throw Refused(name);

    /// <summary>Paths and addresses: no line breaks, no <c>%</c> (Samba expands it), no edge spaces.</summary>
    private static string Value(string value) =>
        value.Length > 0 && value.Trim() == value && !value.Any(c => char.IsControl(c) || c is '%' or '"')
            ? value
            : throw Refused(value);

    private static ShareDriverException Refused(string value) =>
        new($"'{value}' cannot be written into the Samba configuration") { UserMessage = "The backend refused a name it cannot share safely." };
}

/// <summary>Where one backend's Samba keeps everything.</summary>
internal sealed record SambaPaths(string Root)
{
    public string Config => Path.Combine(Root, "smb.conf");

    public string Shares => Path.Combine(Root, "shares.conf");

    public string UserMap => Path.Combine(Root, "users.map");

    public string Private => Path.Combine(Root, "private");

    public string Passdb => Path.Combine(Private, "passdb.tdb");

    public string Lock => Path.Combine(Root, "lock");

    public string State => Path.Combine(Root, "state");

    public string Cache => Path.Combine(Root, "cache");

    public string Pid => Path.Combine(Root, "pid");

    public string PidFile => Path.Combine(Pid, "smbd.pid");

    public string Ncalrpc => Path.Combine(Root, "ncalrpc");

    public string Log => Path.Combine(Root, "log", "smbd.log");

    public IEnumerable<string> Folders => [Root, Private, Lock, State, Cache, Pid, Ncalrpc, Path.GetDirectoryName(Log)!];
}
