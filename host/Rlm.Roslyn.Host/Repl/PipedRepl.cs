using System.Runtime.CompilerServices;
using System.Text;

namespace Rlm.Roslyn.Host;

/// <summary>
/// <c>rlm repl</c> when standard input is not a terminal: snippets separated by lines holding only <c>---</c>, run
/// in order in one session as they arrive, one JSON line per snippet on standard output.
/// </summary>
internal static class PipedRepl
{
    /// <summary>A line that separates two snippets (trailing whitespace ignored).</summary>
    public const string Separator = "---";

    /// <summary>Runs every snippet; returns 0 when all ran ok, 1 when any did not.</summary>
    public static async Task<int> RunAsync(IReplSession session, HostConsole console, CancellationToken cancellationToken)
    {
        await using var input = console.OpenStandardInput();
        using var reader = new StreamReader(input, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        var index = 0;
        var allOk = true;
        await foreach (var snippet in ReadSnippetsAsync(reader, cancellationToken).ConfigureAwait(false))
        {
            var result = await session.RunSnippetAsync(snippet, cancellationToken).ConfigureAwait(false);
            allOk &= result.Outcome == SnippetOutcome.Completed;
            var report = SnippetReport.From(index++, result, session.FinalAnswer);
            await console.Out.WriteLineAsync(report.ToJson()).ConfigureAwait(false);
            await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        return allOk ? ExitCodes.Answered : ExitCodes.Failure;
    }

    /// <summary>Splits <paramref name="reader"/> on separator lines; each snippet is yielded once its separator (or the end) is read. Blank snippets are skipped.</summary>
    public static async IAsyncEnumerable<string> ReadSnippetsAsync(TextReader reader, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var snippet = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.TrimEnd() != Separator)
            {
                snippet.Append(line).Append('\n');
                continue;
            }

            if (!IsBlank(snippet))
            {
                yield return snippet.ToString();
            }

            snippet.Clear();
        }

        if (!IsBlank(snippet))
        {
            yield return snippet.ToString();
        }
    }

    private static bool IsBlank(StringBuilder text)
    {
        foreach (var chunk in text.GetChunks())
        {
            if (!chunk.Span.IsWhiteSpace())
            {
                return false;
            }
        }

        return true;
    }
}
