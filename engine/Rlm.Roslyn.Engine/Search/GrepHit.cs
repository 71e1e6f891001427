using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Rlm.Roslyn;

/// <summary>One match found by <c>Grep</c>. Print it (or the whole result) to see <c>doc:line:col: line text</c>.</summary>
/// <param name="Offset">Char offset of the match in the whole context; use it with <c>Peek</c> to read around the hit.</param>
/// <param name="Line">
/// 1-based line number within the hit's document (within the whole context when there are no documents).
/// </param>
/// <param name="Column">1-based column of the match's first char within its line, counted in chars.</param>
/// <param name="Document">
/// Name of the document holding the match, or <see langword="null"/> when the context has no documents.
/// A match on the line break between two documents belongs to the document before it.
/// </param>
/// <param name="Match">The matched text (may be empty for a regex that matches the empty string, and may span lines).</param>
/// <param name="LineText">The whole line the match starts on, without its line break (<c>'\n'</c> or <c>"\r\n"</c>).</param>
[DebuggerDisplay("{ToString(),nq}")]
public readonly record struct GrepHit(int Offset, int Line, int Column, string? Document, string Match, string LineText)
{
    /// <summary>The most chars of <see cref="LineText"/> that <see cref="ToString"/> prints; longer lines end with "…".</summary>
    public const int MaxPrintedLineChars = 300;

    private readonly string[]? _before;
    private readonly string[]? _after;

    /// <summary>
    /// Up to the asked number of context lines just before the hit's line, oldest first, within the hit's document
    /// (empty unless <c>contextLines</c> was given). Line <c>Line - Before.Count + i</c> is <c>Before[i]</c>.
    /// </summary>
    public IReadOnlyList<string> Before
    {
        get => _before ?? [];
        init => _before = [.. value];
    }

    /// <summary>
    /// Up to the asked number of context lines just after the hit's line, within the hit's document (empty unless
    /// <c>contextLines</c> was given). Line <c>Line + 1 + i</c> is <c>After[i]</c>.
    /// </summary>
    public IReadOnlyList<string> After
    {
        get => _after ?? [];
        init => _after = [.. value];
    }

    /// <summary>
    /// The hit as <c>doc:line:col: line text</c> (no <c>doc:</c> without a document), the line cut to 300 chars with "…".
    /// With context lines, ripgrep-style: each context line as <c>doc-line- text</c> before and after the hit's line.
    /// </summary>
    public override string ToString()
    {
        var hit = Document is null
            ? string.Create(CultureInfo.InvariantCulture, $"{Line}:{Column}: {Cut(LineText)}")
            : string.Create(CultureInfo.InvariantCulture, $"{Document}:{Line}:{Column}: {Cut(LineText)}");
        if (Before.Count == 0 && After.Count == 0)
        {
            return hit;
        }

        var sb = new StringBuilder();
        for (var i = 0; i < Before.Count; i++)
        {
            AppendContext(sb, Line - Before.Count + i, Before[i]).Append('\n');
        }

        sb.Append(hit);
        for (var i = 0; i < After.Count; i++)
        {
            AppendContext(sb.Append('\n'), Line + 1 + i, After[i]);
        }

        return sb.ToString();
    }

    private static string Cut(string line) =>
        line.Length > MaxPrintedLineChars ? string.Concat(line.AsSpan(0, MaxPrintedLineChars), "…") : line;

    private StringBuilder AppendContext(StringBuilder sb, int line, string text) =>
        Document is null
            ? sb.Append(CultureInfo.InvariantCulture, $"{line}- {Cut(text)}")
            : sb.Append(CultureInfo.InvariantCulture, $"{Document}-{line}- {Cut(text)}");
}
