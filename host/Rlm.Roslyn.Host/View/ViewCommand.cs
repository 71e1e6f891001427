namespace Rlm.Roslyn.Host;

/// <summary><c>rlm view TRACE.jsonl [-o out.html]</c>: turns a trace into one self-contained HTML page.</summary>
internal static class ViewCommand
{
    public const string Help = """
        Usage: rlm view TRACE.jsonl [-o out.html]

        Writes a trace (from 'rlm ask --trace') as one self-contained HTML page, with no network access and no
        external files: the run as a tree of RLMs, turns (prompt and reply), code blocks (code, output,
        diagnostics) and the sub-calls each block made, usage per node, and the final answer; search, expand
        and collapse. Open it in any browser. Lines that are not valid trace events (a trace cut short by a
        crash) are skipped with a notice on standard error and at the top of the page.

        Options:
          -o, --output FILE      where to write the page (default: the trace's path with .html)

        Exit codes: 0 written, 2 usage error, missing or unreadable trace, or one with no events.
        """;

    private static readonly IReadOnlySet<string> ValueOptions = new HashSet<string>(StringComparer.Ordinal) { "output" };
    private static readonly IReadOnlySet<string> FlagOptions = new HashSet<string>(StringComparer.Ordinal);

    public static async Task<int> RunAsync(IReadOnlyList<string> args, HostConsole console, CancellationToken cancellationToken)
    {
        var parsed = ParsedArguments.Parse(args.Select(a => a == "-o" ? "--output" : a).ToList(), ValueOptions, FlagOptions);
        if (parsed.Positionals.Count != 1)
        {
            throw new UsageException(parsed.Positionals.Count == 0
                ? "rlm view needs a trace file: rlm view TRACE.jsonl [-o out.html]."
                : "rlm view takes one trace file: rlm view TRACE.jsonl [-o out.html].");
        }

        var tracePath = parsed.Positionals[0];
        var output = parsed.Value("output") ?? Path.ChangeExtension(tracePath, ".html");
        if (string.Equals(Path.GetFullPath(output), Path.GetFullPath(tracePath), StringComparison.Ordinal))
        {
            throw new UsageException($"--output '{output}' is the trace itself; writing the page would overwrite it.");
        }

        var (events, notices) = TraceFile.Read(tracePath);
        foreach (var notice in notices)
        {
            await console.Error.WriteLineAsync($"rlm view: skipped {notice}").ConfigureAwait(false);
        }

        if (events.Count == 0)
        {
            throw new UsageException($"'{tracePath}' holds no trace events (write one with rlm ask --trace FILE).");
        }

        await HtmlReport.WriteAsync(output, TraceModel.Build(events), notices, Path.GetFileName(tracePath), cancellationToken).ConfigureAwait(false);
        await console.Out.WriteLineAsync(output).ConfigureAwait(false);
        return ExitCodes.Answered;
    }
}
