using System.Text.RegularExpressions;

namespace Rlm.Roslyn.Tests.Search;

/// <summary>The expected hits, computed the slow and obvious way with the BCL's Regex and IndexOf.</summary>
internal static class GrepOracle
{
    public static List<GrepHit> Regex(RlmContext context, string pattern, bool ignoreCase = false)
    {
        var options = RegexOptions.Multiline | RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        var text = context.Text.ToString();
        var newlines = Newlines(text);
        return new Regex(pattern, options).Matches(text).Select(m => Hit(context, text, newlines, m.Index, m.Length)).ToList();
    }

    public static List<GrepHit> Literal(RlmContext context, string needle, bool ignoreCase = false)
    {
        var text = context.Text.ToString();
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var hits = new List<GrepHit>();
        var newlines = Newlines(text);
        for (var i = text.IndexOf(needle, comparison); i >= 0; i = text.IndexOf(needle, i + needle.Length, comparison))
        {
            hits.Add(Hit(context, text, newlines, i, needle.Length));
        }

        return hits;
    }

    private static List<int> Newlines(string text) =>
        Enumerable.Range(0, text.Length).Where(i => text[i] == '\n').ToList();

    private static GrepHit Hit(RlmContext context, string text, List<int> newlines, int offset, int length)
    {
        // Lines count from the start of the last document starting at or before the hit.
        var document = context.Documents.LastOrDefault(d => d.Offset <= offset);
        var lineBase = document?.Offset ?? 0;
        var before = NewlinesBefore(newlines, offset);
        var line = before - NewlinesBefore(newlines, lineBase) + 1;
        var lineStart = before == 0 ? 0 : newlines[before - 1] + 1;
        lineStart = Math.Max(lineStart, lineBase);

        var lineEnd = lineStart;
        while (lineEnd < text.Length && text[lineEnd] != '\n')
        {
            lineEnd++;
        }

        var lineText = text[lineStart..lineEnd];
        if (lineText.EndsWith('\r'))
        {
            lineText = lineText[..^1];
        }

        return new GrepHit(offset, line, offset - lineStart + 1, document?.Name, text.Substring(offset, length), lineText);
    }

    private static int NewlinesBefore(List<int> newlines, int offset)
    {
        var i = newlines.BinarySearch(offset);
        return i < 0 ? ~i : i;
    }
}
