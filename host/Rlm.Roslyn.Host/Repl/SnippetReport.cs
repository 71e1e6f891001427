using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rlm.Roslyn.Host;

/// <summary>One snippet's outcome as piped <c>rlm repl</c> writes it: one compact JSON object per line.</summary>
/// <param name="Index">0-based position among the snippets run (blank snippets are skipped and not counted).</param>
/// <param name="Status">ok, rejected, error, timeout or limit.</param>
/// <param name="Output">What the snippet printed (Print and Console), possibly empty.</param>
/// <param name="Value">The snippet's trailing expression (no semicolon), formatted; null when it has none.</param>
/// <param name="Diagnostics">Compile errors and sandbox refusals, located in the snippet; empty unless rejected.</param>
/// <param name="Error">What went wrong for error, timeout and limit; null otherwise.</param>
/// <param name="Final">The answer given with Final in this snippet; null when it gave none.</param>
/// <param name="ElapsedMs">Compile and run time in milliseconds.</param>
internal sealed record SnippetReport(
    int Index,
    string Status,
    string Output,
    string? Value,
    IReadOnlyList<SnippetDiagnostic> Diagnostics,
    string? Error,
    string? Final,
    double ElapsedMs)
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,

        // The lines are read by programs and people, never embedded in HTML: keep non-ASCII text and <>&' as they are.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The report of a C# snippet.</summary>
    public static SnippetReport From(int index, SubmissionResult result, string? final) => From(index, ReplResult.From(result), final);

    /// <summary>The report of a snippet in either language.</summary>
    public static SnippetReport From(int index, ReplResult result, string? final)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new SnippetReport(
            index,
            StatusOf(result.Outcome),
            result.Output,
            result.Value,
            result.Diagnostics,
            result.Error,
            final,
            Math.Round(result.Elapsed.TotalMilliseconds, 1));
    }

    /// <summary>The status word for an outcome.</summary>
    public static string StatusOf(SnippetOutcome outcome) => outcome switch
    {
        SnippetOutcome.Completed => "ok",
        SnippetOutcome.CompileError => "rejected",
        SnippetOutcome.RuntimeError => "error",
        SnippetOutcome.Timeout => "timeout",
        SnippetOutcome.Limit => "limit",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown snippet outcome."),
    };

    /// <summary>The report as one line of compact JSON (no line break inside).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, s_json);
}
