namespace Rlm.Roslyn.Host;

/// <summary>Loads a command's context paths and tells the user on standard error what was skipped or repaired.</summary>
internal static class ConsoleContextLoader
{
    /// <summary>
    /// Loads <paramref name="paths"/> (files, folders, or "-" for standard input). A path that cannot be loaded is a
    /// usage error; skipped files and replaced invalid UTF-8 are reported, one line each, on standard error.
    /// </summary>
    public static async Task<RlmContext> LoadAsync(IReadOnlyList<string> paths, ContextLoadOptions options, HostConsole console, CancellationToken cancellationToken)
    {
        RlmContext context;
        try
        {
            await using var standardInput = paths.Contains(ContextLoader.StandardInputPath) ? console.OpenStandardInput() : null;
            context = await ContextLoader.LoadAsync(paths, options, standardInput, cancellationToken).ConfigureAwait(false);
        }
        catch (ContextLoadException ex)
        {
            throw new UsageException(ex.Message, ex);
        }

        foreach (var skipped in context.Report.SkippedFiles)
        {
            await console.Error.WriteLineAsync($"rlm: skipped {skipped.Path} ({skipped.Reason})").ConfigureAwait(false);
        }

        if (context.Report.ReplacedInvalidBytes > 0)
        {
            await console.Error.WriteLineAsync($"rlm: replaced {context.Report.ReplacedInvalidBytes:N0} invalid UTF-8 sequence(s) with U+FFFD").ConfigureAwait(false);
        }

        return context;
    }
}
