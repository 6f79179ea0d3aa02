using System.Text;
using ShareHost.Abstractions;

namespace ShareHost.Drivers.Local.Nfs;

/// <summary>
/// Writes Ganesha's configuration from code. Every string value is quoted; values are checked before they are
/// quoted (Ganesha's lexer has no escapes), and every rendered file is checked for balanced blocks and closed
/// quotes before it is written, because ganesha 4.3 can crash on an <c>AddExport</c> of a malformed file.
/// </summary>
internal static class GaneshaConfig
{
    public static string Main(string address, int port, string recoveryRoot, string exportsDirectory) => Checked($$"""
        # Written by ShareHost's Local driver; regenerated at every start.
        NFS_CORE_PARAM {
            Protocols = 4;
            NFS_Port = {{port}};
            Bind_addr = {{address}};
            Enable_NLM = false;
            Enable_RQUOTA = false;
            Enable_UDP = false;
        }
        NFSv4 {
            Graceless = true;
            RecoveryBackend = fs;
            RecoveryRoot = {{Quote(recoveryRoot)}};
            Minor_Versions = 0, 1, 2;
        }
        NFS_KRB5 {
            Active_krb5 = false;
        }
        EXPORT_DEFAULTS {
            Access_Type = None;
            Squash = No_Root_Squash;
            Attr_Expiration_Time = 0;
            Protocols = 4;
            Transports = TCP;
        }
        %dir {{Quote(exportsDirectory)}}

        """);

    /// <summary>
    /// One export. Clients are listed most specific first (a host before the network around it), so the rule for
    /// the narrower range wins where two overlap. <c>Attr_Expiration_Time = 0</c>: revert swaps the data under the
    /// export, and cached attributes would show the old files.
    /// </summary>
    public static string Export(NfsExport export)
    {
        var text = new StringBuilder();
        text.Append("# Written by ShareHost's Local driver: ").Append(export.Name).Append('\n');
        text.Append("EXPORT {\n");
        text.Append("    Export_Id = ").Append(export.ExportId).Append(";\n");
        text.Append("    Path = ").Append(Quote(export.Path)).Append(";\n");
        text.Append("    Pseudo = ").Append(Quote(export.Pseudo)).Append(";\n");
        text.Append("    Protocols = 4;\n");
        text.Append("    Transports = TCP;\n");
        text.Append("    Access_Type = None;\n");
        text.Append("    Squash = No_Root_Squash;\n");
        text.Append("    Attr_Expiration_Time = 0;\n");
        text.Append("    FSAL {\n        Name = VFS;\n    }\n");
        foreach (var client in export.Clients.OrderByDescending(c => c.Client.Specificity).ThenBy(c => c.ReadOnly ? 0 : 1))
        {
            text.Append("    CLIENT {\n");
            text.Append("        Clients = ").Append(client.Client.Render()).Append(";\n");
            text.Append("        Access_Type = ").Append(client.ReadOnly || export.ReadOnly ? "RO" : "RW").Append(";\n");
            text.Append("    }\n");
        }

        text.Append("}\n");
        return Checked(text.ToString());
    }

    public static string Quote(string value)
    {
        if (value.Length == 0 || value.Any(c => c is '"' or '\\' or '{' or '}' or ';' or '#' || char.IsControl(c)))
        {
            throw new ShareDriverException($"'{value}' cannot be written into a Ganesha configuration")
            {
                UserMessage = "The backend refused a name it cannot export safely.",
            };
        }

        return "\"" + value + "\"";
    }

    /// <summary>Refuses text whose quotes or braces do not balance; the generator never writes such text, this proves it.</summary>
    public static string Checked(string text)
    {
        var depth = 0;
        var quoted = false;
        var comment = false;
        foreach (var c in text)
        {
            if (comment)
            {
                comment = c != '\n';
                continue;
            }

            if (quoted)
            {
                if (c == '\n')
                {
                    break;
                }

                quoted = c != '"';
                continue;
            }

            switch (c)
            {
                case '#':
                    comment = true;
                    break;
                case '"':
                    quoted = true;
                    break;
                case '{':
                    depth++;
                    break;
                case '}':
                    depth--;
                    if (depth < 0)
                    {
                        throw Invalid("a block closes that never opened");
                    }

                    break;
            }
        }

        if (quoted)
        {
            throw Invalid("a quoted value is not closed");
        }

        if (depth != 0)
        {
            throw Invalid("a block is not closed");
        }

        return text;
    }

    private static ShareDriverException Invalid(string reason) =>
        new($"generated Ganesha configuration is invalid: {reason}") { UserMessage = "The backend could not write a valid export." };
}
