namespace Rlm.Roslyn;

/// <summary>
/// What the one RLM loop (<see cref="RlmRun"/>) needs from the language the root model writes code in: its prompt,
/// which blocks of a reply run, running one block in the run's persistent session, and the reply's
/// <c>FINAL</c> / <c>FINAL_VAR</c> marker. Owns that session; disposing it ends the session.
/// </summary>
internal interface IRunLanguage : IDisposable
{
    /// <summary>The language's name in <see cref="CodeEvent.Language"/>: "csharp" or "python".</summary>
    string Name { get; }

    /// <summary>The feedback for a turn that ran no code and gave no answer.</summary>
    string NoCodeNoAnswer { get; }

    /// <summary>The system prompt for a run at <paramref name="depth"/>.</summary>
    string BuildSystemPrompt(int depth);

    /// <summary>The blocks of <paramref name="reply"/> that run in this language, in order.</summary>
    IReadOnlyList<CodeBlock> ExtractBlocks(string reply);

    /// <summary>
    /// Runs one block under an <c>rlm.snippet</c> activity; replaces the session when the block left it unusable.
    /// Never throws for anything the code does (only for cancellation).
    /// </summary>
    Task<BlockResult> RunBlockAsync(string path, int depth, int iteration, CodeBlock block, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>
    /// The reply's <c>FINAL</c> / <c>FINAL_VAR</c> marker as an answer, or <see langword="null"/>; a <c>FINAL_VAR</c>
    /// naming no session variable adds a note for the model to <paramref name="feedback"/> instead.
    /// </summary>
    Task<string?> ResolveMarkerAsync(string reply, List<string> feedback, CancellationToken cancellationToken);
}
