namespace Rlm.Roslyn;

/// <summary>How one block of a code session ended, and what the model reads about it.</summary>
public sealed record CodeRunResult
{
    /// <summary>How the block ended.</summary>
    public required SnippetOutcome Outcome { get; init; }

    /// <summary>What the block printed (already capped by the session).</summary>
    public string Output { get; init; } = string.Empty;

    /// <summary>The trailing expression's value, formatted, when the block ended with one that was not None/null.</summary>
    public string? Value { get; init; }

    /// <summary>What went wrong (a traceback, a limit), or <see langword="null"/>.</summary>
    public string? Error { get; init; }

    /// <summary>Why the block did not compile (it never ran), at lines and columns of the block; empty otherwise.</summary>
    public IReadOnlyList<SnippetDiagnostic> Diagnostics { get; init; } = [];

    /// <summary>The answer the block finished the run with (<c>final(x)</c>), or <see langword="null"/>.</summary>
    public string? FinalAnswer { get; init; }

    /// <summary>True when the session had to be restarted (all variables lost) because of how the block ended.</summary>
    public bool SessionReset { get; init; }

    /// <summary>Run time of the block.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>The text the model reads: output, the trailing value, then what went wrong.</summary>
    public string ToFeedback()
    {
        var parts = new List<string>(3);
        if (Output.Length > 0)
        {
            parts.Add(Output.TrimEnd('\n'));
        }

        if (Value is not null)
        {
            parts.Add(Value);
        }

        if (Error is not null)
        {
            parts.Add(Error.TrimEnd('\n'));
        }

        return parts.Count == 0 ? "(no output)" : string.Join('\n', parts);
    }
}
