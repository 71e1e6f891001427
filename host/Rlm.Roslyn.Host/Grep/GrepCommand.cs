using System.Globalization;

namespace Rlm.Roslyn.Host;

/// <summary>
/// <c>rlm grep</c>: the engine's grep (the same kernels the LM's <c>Grep</c> uses) over files, folders or standard input,
/// printed like ripgrep: one line per matching line, <c>path:line:text</c> with -n, <c>path:text</c> without.
/// </summary>
internal static class GrepCommand
{
    /// <summary>Some matching line was found.</summary>
    public const int Found = 0;

    /// <summary>No line matched.</summary>
    public const int NotFound = 1;

    /// <summary>Bad arguments, an invalid pattern, an unreadable path, or a regex timeout.</summary>
    public const int Error = 2;

    public const string Help = """
        Usage: rlm grep PATTERN PATH... [options]

        Searches files, folders (recursive) or standard input (PATH "-") with the engine's grep, the one the model's
        Grep uses, and prints each matching line once as path:text (path:line:text with -n). PATTERN is a .NET regular
        expression (multiline: ^ and $ match at line ends) unless -F is given. Large inputs are scanned on all cores.

        Options:
          -F, --fixed-strings    PATTERN is plain text, not a regex
          -i, --ignore-case      letters match regardless of case (ordinal)
          -n, --line-number      print the line number of each line (1-based, per file)
          -c, --count            print path:count, the number of matching lines, for each file with a match
          --max N                report at most N matching lines per file (like ripgrep's -m)
          --include GLOB         only load files matching GLOB when walking a folder (repeatable)
          --exclude GLOB         skip files matching GLOB when walking a folder (repeatable)
          --                     end of options (for a PATTERN starting with -)

        Exit codes: 0 a line matched, 1 no line matched, 2 error (usage, invalid regex, unreadable path, regex timeout).
        """;

    private const int OutputBufferChars = 64 * 1024;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, HostConsole console, CancellationToken cancellationToken)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            await console.Out.WriteLineAsync(Help).ConfigureAwait(false);
            return Found;
        }

        try
        {
            var settings = GrepSettings.Parse(args);
            var matcher = TextSearch.CreateMatcher(settings.Pattern, settings.FixedStrings, settings.IgnoreCase, UntrustedRegex.DefaultTimeout);
            RlmContext context;
            await using (var standardInput = settings.Paths.Contains(ContextLoader.StandardInputPath) ? console.OpenStandardInput() : null)
            {
                context = await ContextLoader.LoadAsync(settings.Paths, settings.Loading, standardInput, cancellationToken).ConfigureAwait(false);
            }

            // A single document's count is the scan's total: nothing needs keeping. --max applies per file, like ripgrep's -m:
            // one file keeps its first N lines, several keep all and cap each file's.
            var singleDocument = context.Documents.Count <= 1;
            var countOnly = settings.Count && singleDocument && settings.MaxLines == int.MaxValue;
            var scan = GrepScanOptions.Default with
            {
                OneMatchPerLine = true,
                LineNumbers = settings.LineNumbers && !settings.Count,
                MaxKept = countOnly ? 0 : singleDocument ? settings.MaxLines : int.MaxValue,
            };
            var (matches, total) = GrepScan.Run(context, matcher, scan, cancellationToken);
            if (!singleDocument && settings.MaxLines != int.MaxValue)
            {
                matches = CapPerDocument(matches, context.Documents.Count, settings.MaxLines);
            }
            if (settings.Count)
            {
                await WriteCountsAsync(console.Out, context, matches, countOnly ? total : -1).ConfigureAwait(false);
            }
            else
            {
                await WriteLinesAsync(console.Out, context, matches, settings.LineNumbers).ConfigureAwait(false);
            }

            return total > 0 ? Found : NotFound;
        }
        catch (Exception ex) when (ex is UsageException or ArgumentException or ContextLoadException or TimeoutException)
        {
            await console.Error.WriteLineAsync($"rlm grep: {RlmCli.OneLine(ex.Message)}").ConfigureAwait(false);
            return Error;
        }
    }

    /// <summary>The first <paramref name="max"/> matching lines of each document, in order.</summary>
    private static GrepMatch[] CapPerDocument(GrepMatch[] matches, int documents, int max)
    {
        var kept = new int[documents + 1];
        return [.. matches.Where(m => ++kept[m.DocumentIndex + 1] <= max)];
    }

    private static async Task WriteCountsAsync(TextWriter output, RlmContext context, GrepMatch[] matches, int singleDocumentTotal)
    {
        var documents = context.Documents;
        if (singleDocumentTotal >= 0)
        {
            if (singleDocumentTotal > 0)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{documents[0].Name}:{singleDocumentTotal}")).ConfigureAwait(false);
            }

            return;
        }

        var counts = new int[documents.Count];
        foreach (var match in matches)
        {
            counts[Math.Max(match.DocumentIndex, 0)]++;
        }

        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] > 0)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{documents[i].Name}:{counts[i]}")).ConfigureAwait(false);
            }
        }
    }

    private static async Task WriteLinesAsync(TextWriter output, RlmContext context, GrepMatch[] matches, bool lineNumbers)
    {
        // Lines are gathered into one buffer and written 64 K chars at a time: the console's writer flushes every call.
        var buffer = new char[OutputBufferChars];
        var used = 0;
        foreach (var match in matches)
        {
            used = Format(context, match, lineNumbers, ref buffer, used);
            if (used >= OutputBufferChars / 2)
            {
                await output.WriteAsync(buffer.AsMemory(0, used)).ConfigureAwait(false);
                used = 0;
            }
        }

        if (used > 0)
        {
            await output.WriteAsync(buffer.AsMemory(0, used)).ConfigureAwait(false);
        }

        await output.FlushAsync().ConfigureAwait(false);
    }

    private static int Format(RlmContext context, GrepMatch match, bool lineNumbers, ref char[] buffer, int used)
    {
        var text = context.Text.Span;
        var name = match.DocumentIndex < 0 ? "" : context.Documents[match.DocumentIndex].Name;
        var line = GrepHitBuilder.LineAt(text, match.LineStart, text.Length, out _);
        var needed = used + name.Length + line.Length + 14;
        if (needed > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Max(needed, buffer.Length * 2));
        }

        var rest = buffer.AsSpan(used);
        name.CopyTo(rest);
        var at = name.Length;
        rest[at++] = ':';
        if (lineNumbers)
        {
            match.Line.TryFormat(rest[at..], out var digits, provider: CultureInfo.InvariantCulture);
            at += digits;
            rest[at++] = ':';
        }

        line.CopyTo(rest[at..]);
        at += line.Length;
        rest[at++] = '\n';
        return used + at;
    }
}
