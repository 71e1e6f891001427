namespace Rlm.Roslyn;

/// <summary>
/// The opening line of a fenced code block, after CommonMark: up to 3 spaces, then a run of at least 3
/// backticks or at least 3 tildes, then an info string (for a backtick fence, one without backticks, so
/// an inline <c>```code```</c> on one line is not a fence).
/// </summary>
/// <param name="FenceChar">The fence char, <c>'`'</c> or <c>'~'</c>.</param>
/// <param name="Length">How many fence chars open the block; the closing fence needs at least as many.</param>
/// <param name="Indent">The opening fence's indentation (0 to 3 spaces), removed from the content lines.</param>
/// <param name="Info">The info string after the fence chars, trimmed.</param>
internal readonly record struct MarkdownFence(char FenceChar, int Length, int Indent, string Info)
{
    private const int MaxIndent = 3;
    private const int MinLength = 3;

    /// <summary>The info string's first word (the language), or an empty string.</summary>
    public ReadOnlySpan<char> Language
    {
        get
        {
            var info = Info.AsSpan();
            var end = info.IndexOfAny(' ', '\t');
            return end < 0 ? info : info[..end];
        }
    }

    /// <summary>Reads <paramref name="line"/> as an opening fence.</summary>
    /// <param name="line">One line, without its line break.</param>
    /// <param name="fence">The fence, when the line is one.</param>
    public static bool TryParseOpening(ReadOnlySpan<char> line, out MarkdownFence fence)
    {
        fence = default;
        var indent = CountIndent(line);
        if (indent > MaxIndent || indent == line.Length)
        {
            return false;
        }

        var fenceChar = line[indent];
        if (fenceChar is not ('`' or '~'))
        {
            return false;
        }

        var length = CountRun(line[indent..], fenceChar);
        if (length < MinLength)
        {
            return false;
        }

        var info = line[(indent + length)..].Trim();
        if (fenceChar == '`' && info.Contains('`'))
        {
            return false;
        }

        fence = new MarkdownFence(fenceChar, length, indent, info.ToString());
        return true;
    }

    /// <summary>Whether <paramref name="line"/> closes this fence: up to 3 spaces, at least as many of the same fence char, then only whitespace.</summary>
    /// <param name="line">One line, without its line break.</param>
    public bool IsClosedBy(ReadOnlySpan<char> line)
    {
        var indent = CountIndent(line);
        if (indent > MaxIndent)
        {
            return false;
        }

        var rest = line[indent..];
        var length = CountRun(rest, FenceChar);
        return length >= Length && rest[length..].IsWhiteSpace();
    }

    /// <summary>Removes up to <see cref="Indent"/> leading spaces from a content line.</summary>
    /// <param name="line">A line inside the block.</param>
    public ReadOnlySpan<char> Unindent(ReadOnlySpan<char> line) => line[Math.Min(CountIndent(line), Indent)..];

    private static int CountIndent(ReadOnlySpan<char> line)
    {
        var n = line.IndexOfAnyExcept(' ');
        return n < 0 ? line.Length : n;
    }

    private static int CountRun(ReadOnlySpan<char> text, char c)
    {
        var n = text.IndexOfAnyExcept(c);
        return n < 0 ? text.Length : n;
    }
}
