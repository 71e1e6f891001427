namespace Rlm.Roslyn;

/// <summary>How one block of a turn ended, whatever its language.</summary>
/// <param name="Outcome">How the block ended.</param>
/// <param name="Output">What the block printed; the best partial answer when a budget ends the run.</param>
/// <param name="Feedback">The text the model reads about the block.</param>
/// <param name="Elapsed">Run time of the block.</param>
/// <param name="FinalAnswer">The answer the block finished the run with, or <see langword="null"/>.</param>
/// <param name="ResetReason">Why the session was replaced after the block (its variables are gone), or <see langword="null"/>.</param>
internal sealed record BlockResult(SnippetOutcome Outcome, string Output, string Feedback, TimeSpan Elapsed, string? FinalAnswer, string? ResetReason);
