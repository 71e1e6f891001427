using System.Text.RegularExpressions;

namespace Rlm.Roslyn.Tests.Search;

/// <summary>The expected hits, computed the slow and obvious way with the BCL's Regex and IndexOf.</summary>
internal static class GrepOracle
{
    public static List<GrepHit> Regex(RlmContext context, string pattern, bool ignoreCase = false)
    {
        var options = RegexOptions.Multiline | RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        var text = context.Text.ToString();
        return new Regex(pattern, options).Matches(text).Select(m => Hit(context, text, m.Index, m.Length)).ToList();
    }

    public static List<GrepHit> Literal(RlmContext context, string needle, bool ignoreCase = false)
    {
        var text = context.Text.ToString();
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var hits = new List<GrepHit>();
        for (var i = text.IndexOf(needle, comparison); i >= 0; i = text.IndexOf(needle, i + needle.Length, comparison))
        {
            hits.Add(Hit(context, text, i, needle.Length));
        }

        return hits;
    }

    private static GrepHit Hit(RlmContext context, string text, int offset, int length)
    {
        var document = context.Documents.LastOrDefault(d => d.Offset <= offset);
        var lineBase = document?.Offset ?? 0;
        var line = 1;
        var lineStart = lineBase;
        for (var i = lineBase; i < offset; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

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
}
