using System.Diagnostics;
using System.Globalization;

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

    /// <summary>The hit as <c>doc:line:col: line text</c> (no <c>doc:</c> without a document), the line cut to 300 chars with "…".</summary>
    public override string ToString()
    {
        var line = LineText.Length > MaxPrintedLineChars ? string.Concat(LineText.AsSpan(0, MaxPrintedLineChars), "…") : LineText;
        return Document is null
            ? string.Create(CultureInfo.InvariantCulture, $"{Line}:{Column}: {line}")
            : string.Create(CultureInfo.InvariantCulture, $"{Document}:{Line}:{Column}: {line}");
    }
}
