using System.Text;

namespace ShareHost.Abstractions.Tests;

/// <summary>A small unified diff (longest common subsequence of lines) for readable snapshot failures.</summary>
public static class LineDiff
{
    public static string Unified(string expected, string actual, string expectedName, string actualName, int context = 3)
    {
        var a = Lines(expected);
        var b = Lines(actual);
        var edits = Edits(a, b);
        var text = new StringBuilder();
        text.Append("--- ").Append(expectedName).Append('\n');
        text.Append("+++ ").Append(actualName).Append('\n');

        var index = 0;
        while (index < edits.Count)
        {
            var firstChange = edits.FindIndex(index, e => e.Kind != ' ');
            if (firstChange < 0)
            {
                break;
            }

            var start = Math.Max(index, firstChange - context);
            var end = firstChange;
            var lastChange = firstChange;
            while (end < edits.Count && (edits[end].Kind != ' ' || end - lastChange <= context * 2))
            {
                if (edits[end].Kind != ' ')
                {
                    lastChange = end;
                }

                end++;
            }

            end = Math.Min(edits.Count, lastChange + context + 1);
            var hunk = edits.GetRange(start, end - start);
            text.Append("@@ -").Append(hunk.First().OldLine).Append(" +").Append(hunk.First().NewLine).Append(" @@\n");
            foreach (var edit in hunk)
            {
                text.Append(edit.Kind).Append(edit.Text).Append('\n');
            }

            index = end;
        }

        return text.ToString();
    }

    private static string[] Lines(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');

    private static List<Edit> Edits(string[] a, string[] b)
    {
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var edits = new List<Edit>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                edits.Add(new Edit(' ', a[x], x + 1, y + 1));
                x++;
                y++;
            }
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                edits.Add(new Edit('-', a[x], x + 1, y + 1));
                x++;
            }
            else
            {
                edits.Add(new Edit('+', b[y], x + 1, y + 1));
                y++;
            }
        }

        return edits;
    }

    private sealed record Edit(char Kind, string Text, int OldLine, int NewLine);
}
