namespace Rlm.Roslyn;

/// <summary>How one snippet typed at <c>rlm repl</c> ended, in either language.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="Output">What it printed, possibly empty.</param>
/// <param name="Value">Its trailing expression's value, formatted; <see langword="null"/> when it had none.</param>
/// <param name="Diagnostics">Why it was rejected (did not compile, or the sandbox refused it); empty otherwise.</param>
/// <param name="Error">What went wrong when it did not complete (without the output); <see langword="null"/> otherwise.</param>
/// <param name="Feedback">Everything together, as the model would read it.</param>
/// <param name="Elapsed">Compile and run time.</param>
internal sealed record ReplResult(
    SnippetOutcome Outcome,
    string Output,
    string? Value,
    IReadOnlyList<SnippetDiagnostic> Diagnostics,
    string? Error,
    string Feedback,
    TimeSpan Elapsed)
{
    /// <summary>A C# snippet's result, as its code session reports it.</summary>
    public static ReplResult From(SubmissionResult result) => From(CSharpCodeSession.ToCodeRunResult(result, reset: false));

    /// <summary>
    /// A block's result, in either language. A block that did not compile keeps its diagnostics; a Python one
    /// (SyntaxError, IndentationError, TabError) gets one: the error's last line, at the line the error names.
    /// </summary>
    public static ReplResult From(CodeRunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var rejected = result.Outcome == SnippetOutcome.CompileError;
        return new ReplResult(
            result.Outcome,
            result.Output,
            result.Value,
            result.Diagnostics.Count > 0 ? result.Diagnostics : rejected ? [PythonDiagnostic(result.Error ?? "SyntaxError")] : [],
            rejected || result.Outcome == SnippetOutcome.Completed ? null : result.Error?.TrimEnd('\n'),
            result.ToFeedback(),
            result.Elapsed);
    }

    /// <summary>Whether it completed with nothing to show (no output, no value).</summary>
    public bool IsSilent => Outcome == SnippetOutcome.Completed && Output.Length == 0 && Value is null;

    private static SnippetDiagnostic PythonDiagnostic(string error)
    {
        // Python's own text: '  File "<block 3>", line 2' ... 'SyntaxError: invalid syntax'.
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var last = lines.Length == 0 ? "SyntaxError" : lines[^1];
        var colon = last.IndexOf(':', StringComparison.Ordinal);
        var id = colon > 0 ? last[..colon] : "SyntaxError";
        var message = colon > 0 ? last[(colon + 1)..].Trim() : last;
        var line = 1;
        var at = error.LastIndexOf(", line ", StringComparison.Ordinal);
        if (at >= 0)
        {
            var digits = error.AsSpan(at + 7);
            var end = 0;
            while (end < digits.Length && char.IsAsciiDigit(digits[end]))
            {
                end++;
            }

            if (end > 0)
            {
                line = int.Parse(digits[..end], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return new SnippetDiagnostic(id, line, 1, message);
    }
}
