using System.Text;

namespace Rlm.Roslyn;

/// <summary>
/// Reads an LM reply: the fenced code blocks to run, and the paper's final-answer text markers
/// (<c>FINAL(answer)</c>, <c>FINAL_VAR(name)</c>) outside them.
/// </summary>
/// <remarks>
/// Line breaks are normalised first (<c>"\r\n"</c> and a lone <c>'\r'</c> become <c>'\n'</c>). Fences follow
/// CommonMark (see <see cref="MarkdownFence"/>). A fence that is never closed runs to the end of the reply:
/// models get cut off mid-block, and the code they did write is still the code they meant, so it is
/// extracted (and, for the markers, treated as code rather than prose).
/// </remarks>
internal static class ReplyParser
{
    private const string FinalPrefix = "FINAL(";
    private const string FinalVarPrefix = "FINAL_VAR(";

    /// <summary>The runnable fenced code blocks of <paramref name="reply"/>, in order.</summary>
    /// <param name="reply">The LM's reply.</param>
    /// <param name="replLanguage">The language a <c>```repl</c> block runs as.</param>
    /// <param name="pythonEnabled">Whether Python blocks are runnable; when not, they are ignored (a <c>```repl</c> block mapped to Python included).</param>
    /// <returns>
    /// One block per fence whose language (the info string's first word, any case) is <c>csharp</c>, <c>cs</c>,
    /// <c>c#</c> or <c>c-sharp</c> (C#), <c>repl</c> (<paramref name="replLanguage"/>), or <c>python</c> or
    /// <c>py</c> (Python); other fences (<c>json</c>, <c>text</c>, none) are skipped. Empty blocks are kept.
    /// </returns>
    public static IReadOnlyList<CodeBlock> ExtractCodeBlocks(string reply, CodeLanguage replLanguage = CodeLanguage.CSharp, bool pythonEnabled = false)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var lines = SplitLines(reply);
        var blocks = new List<CodeBlock>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!MarkdownFence.TryParseOpening(lines[i], out var fence))
            {
                continue;
            }

            var close = FindClose(lines, i + 1, fence);
            if (LanguageOf(fence.Language, replLanguage, pythonEnabled) is { } language)
            {
                blocks.Add(new CodeBlock(blocks.Count, language, JoinContent(lines, i + 1, close, fence)));
            }

            i = close;
        }

        return blocks;
    }

    /// <summary>The first final-answer marker of <paramref name="reply"/> outside fenced code blocks, or <see langword="null"/>.</summary>
    /// <param name="reply">The LM's reply.</param>
    /// <remarks>
    /// <para>
    /// Fenced blocks of any language, fence lines included, are removed first; what remains is the prose.
    /// A marker starts a prose line, after optional whitespace and markdown emphasis (<c>*</c>, <c>_</c>), and
    /// is exactly <c>FINAL(</c> or <c>FINAL_VAR(</c> (case-sensitive; <c>FINAL_ANSWER(</c> or
    /// <c>MY_FINAL(</c> are not markers). The first marker line wins.
    /// </para>
    /// <para>
    /// <c>FINAL_VAR(name)</c>: the name runs to the first <c>')'</c> on the line (or the line's end), trimmed
    /// and stripped of surrounding quotes or backticks.
    /// </para>
    /// <para>
    /// <c>FINAL(answer)</c>: the answer's region runs from after <c>"FINAL("</c> to the next marker line or the
    /// end of the prose, and may span lines. If the region, less trailing whitespace and emphasis, ends with
    /// <c>')'</c>, that last <c>')'</c> closes the answer (greedy: nested or unbalanced parentheses inside are
    /// kept). Otherwise the <c>')'</c> that balances the opening one closes it. Otherwise (never closed) the
    /// whole region is the answer. The answer is trimmed.
    /// </para>
    /// </remarks>
    public static FinalMarker? FindFinalMarker(string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var prose = ProseLines(reply);
        for (var i = 0; i < prose.Count; i++)
        {
            if (TryMatchMarker(prose[i], out var isVariable, out var contentStart))
            {
                return isVariable
                    ? new FinalVariable(ParseVariableName(prose[i].AsSpan(contentStart)))
                    : new FinalText(ParseAnswer(prose, i, contentStart));
            }
        }

        return null;
    }

    /// <summary>The reply without its fenced code blocks (fence lines included), trimmed.</summary>
    /// <param name="reply">The LM's reply.</param>
    public static string Prose(string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return string.Join('\n', ProseLines(reply)).Trim();
    }

    private static string[] SplitLines(string reply)
    {
        var text = reply.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        if (text.EndsWith('\n'))
        {
            // A final line break ends the last line; it does not start an empty one.
            text = text[..^1];
        }

        return text.Split('\n');
    }

    /// <summary>The index of the line that closes <paramref name="fence"/>, or <c>lines.Length</c> when none does.</summary>
    private static int FindClose(string[] lines, int from, MarkdownFence fence)
    {
        for (var i = from; i < lines.Length; i++)
        {
            if (fence.IsClosedBy(lines[i]))
            {
                return i;
            }
        }

        return lines.Length;
    }

    private static string JoinContent(string[] lines, int from, int to, MarkdownFence fence)
    {
        var code = new StringBuilder();
        for (var i = from; i < to; i++)
        {
            if (i > from)
            {
                code.Append('\n');
            }

            code.Append(fence.Unindent(lines[i]));
        }

        return code.ToString();
    }

    private static CodeLanguage? LanguageOf(ReadOnlySpan<char> language, CodeLanguage replLanguage, bool pythonEnabled)
    {
        CodeLanguage? mapped =
            language.Equals("csharp", StringComparison.OrdinalIgnoreCase)
            || language.Equals("cs", StringComparison.OrdinalIgnoreCase)
            || language.Equals("c#", StringComparison.OrdinalIgnoreCase)
            || language.Equals("c-sharp", StringComparison.OrdinalIgnoreCase) ? CodeLanguage.CSharp
            : language.Equals("repl", StringComparison.OrdinalIgnoreCase) ? replLanguage
            : language.Equals("python", StringComparison.OrdinalIgnoreCase)
            || language.Equals("py", StringComparison.OrdinalIgnoreCase) ? CodeLanguage.Python
            : null;
        return mapped == CodeLanguage.Python && !pythonEnabled ? null : mapped;
    }

    private static List<string> ProseLines(string reply)
    {
        var lines = SplitLines(reply);
        var prose = new List<string>(lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            if (MarkdownFence.TryParseOpening(lines[i], out var fence))
            {
                i = FindClose(lines, i + 1, fence);
            }
            else
            {
                prose.Add(lines[i]);
            }
        }

        return prose;
    }

    /// <summary>Whether <paramref name="line"/> starts with a marker (after whitespace and emphasis), which one, and where its content starts.</summary>
    private static bool TryMatchMarker(string line, out bool isVariable, out int contentStart)
    {
        var start = line.AsSpan().IndexOfAnyExcept(" \t*_");
        var rest = start < 0 ? [] : line.AsSpan(start);
        isVariable = rest.StartsWith(FinalVarPrefix, StringComparison.Ordinal);
        var isText = !isVariable && rest.StartsWith(FinalPrefix, StringComparison.Ordinal);
        contentStart = isVariable ? start + FinalVarPrefix.Length : isText ? start + FinalPrefix.Length : 0;
        return isVariable || isText;
    }

    private static string ParseVariableName(ReadOnlySpan<char> rest)
    {
        var close = rest.IndexOf(')');
        var name = (close < 0 ? rest : rest[..close]).Trim();
        while (name.Length >= 2 && name[0] is '"' or '\'' or '`' && name[^1] == name[0])
        {
            name = name[1..^1].Trim();
        }

        return name.ToString();
    }

    private static string ParseAnswer(List<string> prose, int markerLine, int contentStart)
    {
        var region = new StringBuilder().Append(prose[markerLine].AsSpan(contentStart));
        for (var i = markerLine + 1; i < prose.Count && !TryMatchMarker(prose[i], out _, out _); i++)
        {
            region.Append('\n').Append(prose[i]);
        }

        var text = region.ToString().AsSpan();

        // Greedy: the last ')' followed only by whitespace and closing emphasis.
        var end = text.TrimEnd(" \t\n*_");
        if (end.EndsWith(')'))
        {
            return end[..^1].Trim().ToString();
        }

        // Otherwise the ')' that balances "FINAL(".
        var depth = 1;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (depth == 0)
            {
                return text[..i].Trim().ToString();
            }
        }

        // Never closed: the model was cut off or forgot the ')'; the whole region is the answer.
        return text.Trim().ToString();
    }
}
