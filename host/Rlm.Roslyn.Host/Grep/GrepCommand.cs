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
        expression (multiline: ^ and $ match at line ends) unless -F is given. Files are read in chunks and searched on
        all cores, so memory stays small whatever their size.

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
            var options = new FileGrepOptions
            {
                LineNumbers = settings.LineNumbers && !settings.Count,
                ReportLines = !settings.Count,
                MaxLinesPerFile = settings.MaxLines,
                Loading = settings.Loading,
            };

            // Files are searched chunk by chunk as they are read (never loaded whole), and lines are printed as they are found.
            var output = new GrepOutput(console.OpenStandardOutput?.Invoke(), console.Out, console.Error, settings.Count);
            await using var standardInput = settings.Paths.Contains(ContextLoader.StandardInputPath) ? console.OpenStandardInput() : null;
            long found;
            try
            {
                found = await FileGrep.RunAsync(settings.Paths, matcher, options, output, standardInput, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException) when (output.Closed)
            {
                return Found; // The reader went away (as `rlm grep ... | head` does): nothing is left to print to.
            }
            finally
            {
                output.Flush(); // What was found before an error is still printed.
            }

            return found > 0 ? Found : NotFound;
        }
        catch (Exception ex) when (ex is UsageException or ArgumentException or ContextLoadException or TimeoutException)
        {
            await console.Error.WriteLineAsync($"rlm grep: {RlmCli.OneLine(ex.Message)}").ConfigureAwait(false);
            return Error;
        }
    }
}
