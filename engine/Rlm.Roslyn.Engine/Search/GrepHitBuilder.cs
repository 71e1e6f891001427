namespace Rlm.Roslyn;

/// <summary>Turns located <see cref="GrepMatch"/>es into <see cref="GrepHit"/>s: names, matched text, line text (shared by hits on one line) and context lines.</summary>
internal sealed class GrepHitBuilder(RlmContext context, int contextLines)
{
    private int _cachedLineStart = -1;
    private string _cachedLineText = string.Empty;

    /// <summary>Builds the hit for <paramref name="match"/>.</summary>
    /// <param name="match">A match located by <see cref="GrepScan"/>, with line numbers.</param>
    public GrepHit Build(GrepMatch match)
    {
        var text = context.Text.Span;
        var documents = context.Documents;
        if (match.LineStart != _cachedLineStart)
        {
            // Hits on the same line share one string, so many hits on one huge line do not copy it many times.
            _cachedLineStart = match.LineStart;
            _cachedLineText = LineAt(text, match.LineStart, text.Length, out _).ToString();
        }

        var hit = new GrepHit(
            match.Offset,
            match.Line,
            match.Offset - match.LineStart + 1,
            match.DocumentIndex < 0 ? null : documents[match.DocumentIndex].Name,
            text.Slice(match.Offset, match.Length).ToString(),
            _cachedLineText);
        if (contextLines == 0)
        {
            return hit;
        }

        var lower = match.DocumentIndex < 0 ? 0 : documents[match.DocumentIndex].Offset;
        var upper = match.DocumentIndex < 0 ? text.Length : documents[match.DocumentIndex].End;
        return hit with { Before = Before(text, match.LineStart, lower), After = After(text, match.LineStart, upper) };
    }

    /// <summary>The line starting at <paramref name="start"/>, without its <c>'\n'</c> or <c>"\r\n"</c>.</summary>
    /// <param name="text">The context.</param>
    /// <param name="start">A line start.</param>
    /// <param name="limit">Where the search for the line's end stops.</param>
    /// <param name="next">The next line's start (past the <c>'\n'</c>), or <paramref name="limit"/> + 1 when the line runs to the limit.</param>
    public static ReadOnlySpan<char> LineAt(ReadOnlySpan<char> text, int start, int limit, out int next)
    {
        var rest = text[start..Math.Max(start, limit)];
        var end = rest.IndexOf('\n');
        next = end < 0 ? limit + 1 : start + end + 1;
        var line = end < 0 ? rest : rest[..end];
        return line.Length > 0 && line[^1] == '\r' ? line[..^1] : line;
    }

    private string[] Before(ReadOnlySpan<char> text, int lineStart, int lower)
    {
        var lines = new List<string>(contextLines);
        var start = lineStart;
        while (lines.Count < contextLines && start > lower)
        {
            var previousEnd = start - 1;
            var newline = text[lower..previousEnd].LastIndexOf('\n');
            start = newline < 0 ? lower : lower + newline + 1;
            lines.Add(LineAt(text, start, previousEnd, out _).ToString());
        }

        lines.Reverse();
        return [.. lines];
    }

    private string[] After(ReadOnlySpan<char> text, int lineStart, int upper)
    {
        var lines = new List<string>(contextLines);
        _ = LineAt(text, lineStart, text.Length, out var next);
        while (lines.Count < contextLines && next < upper)
        {
            lines.Add(LineAt(text, next, upper, out next).ToString());
        }

        return [.. lines];
    }
}
