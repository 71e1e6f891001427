namespace Rlm.Roslyn;

/// <summary>
/// How one snippet ended. A closed hierarchy: completed, rejected before running (compile errors or the
/// submission policy), failed with an exception, or stopped by its time limit.
/// </summary>
/// <param name="Output">What the snippet printed before it ended.</param>
/// <param name="Elapsed">Compile and run time.</param>
internal abstract record SubmissionResult(string Output, TimeSpan Elapsed)
{
    public abstract SnippetOutcome Outcome { get; }

    /// <summary>The text the model reads about this snippet: output first, then what went wrong.</summary>
    public abstract string ToFeedback();

    protected string WithOutput(string trailer) =>
        Output.Length == 0 ? trailer : trailer.Length == 0 ? Output : $"{Output.TrimEnd('\n')}\n{trailer}";
}

/// <summary>The snippet ran to its end; <paramref name="ReturnValue"/> is its trailing expression, formatted.</summary>
internal sealed record SubmissionCompleted(string Output, TimeSpan Elapsed, string? ReturnValue)
    : SubmissionResult(Output, Elapsed)
{
    public override SnippetOutcome Outcome => SnippetOutcome.Completed;

    public override string ToFeedback()
    {
        var text = WithOutput(ReturnValue ?? string.Empty);
        return text.Length == 0 ? "(no output)" : text;
    }
}

/// <summary>The snippet did not compile, or the submission policy refused it; nothing ran.</summary>
internal sealed record SubmissionRejected(TimeSpan Elapsed, IReadOnlyList<SnippetDiagnostic> Diagnostics)
    : SubmissionResult(string.Empty, Elapsed)
{
    private const int MaxListed = 10;

    public override SnippetOutcome Outcome => SnippetOutcome.CompileError;

    public override string ToFeedback()
    {
        var lines = Diagnostics.Take(MaxListed).Select(d => d.ToString()).ToList();
        if (Diagnostics.Count > MaxListed)
        {
            lines.Add($"... and {Diagnostics.Count - MaxListed} more.");
        }

        return "Compilation failed; nothing ran, session state is unchanged:\n" + string.Join('\n', lines);
    }
}

/// <summary>The snippet threw. Variables assigned before the throw keep their values.</summary>
internal sealed record SubmissionFailed(string Output, TimeSpan Elapsed, string ExceptionType, string Message, string? Location)
    : SubmissionResult(Output, Elapsed)
{
    public override SnippetOutcome Outcome => SnippetOutcome.RuntimeError;

    public override string ToFeedback() =>
        WithOutput($"{ExceptionType}: {Message}{(Location is null ? string.Empty : $" ({Location})")}");
}

/// <summary>
/// The snippet ran past its time limit. When <paramref name="SessionLost"/> is true it did not stop at a
/// checkpoint and was abandoned: the session was replaced and every variable is gone.
/// </summary>
internal sealed record SubmissionTimedOut(string Output, TimeSpan Elapsed, TimeSpan Limit, bool SessionLost)
    : SubmissionResult(Output, Elapsed)
{
    public override SnippetOutcome Outcome => SnippetOutcome.Timeout;

    public override string ToFeedback() => WithOutput(SessionLost
        ? $"Timeout: the snippet ran past its {Limit.TotalSeconds:0.#} s limit inside a long library call and was abandoned. The session was reset: all variables are gone; Context and the helpers remain."
        : $"Timeout: the snippet ran past its {Limit.TotalSeconds:0.#} s limit and was stopped. Variables assigned before that keep their values. Do less per snippet: narrow with Grep, or work on Partition chunks.");
}

/// <summary>
/// A runtime limit (call depth, memory, output) stopped the snippet. Variables assigned before that keep their values,
/// unless <paramref name="SessionLost"/>: the snippet could not be unwound safely and its session was replaced.
/// </summary>
internal sealed record SubmissionStopped(string Output, TimeSpan Elapsed, SnippetLimit Limit, string Message, bool SessionLost = false)
    : SubmissionResult(Output, Elapsed)
{
    public override SnippetOutcome Outcome => SnippetOutcome.Limit;

    public override string ToFeedback() => WithOutput(SessionLost
        ? $"{Message} The stack was too full to unwind, so the session was reset: all variables are gone; Context and the helpers remain."
        : Message);
}
