namespace Rlm.Roslyn;

/// <summary>The outcome of a run.</summary>
/// <param name="Answer">The final answer (partial when the run ended by a limit, empty when it failed before any).</param>
/// <param name="Ending">How the run ended.</param>
/// <param name="Reason">Why it ended other than by a final answer; null when it did.</param>
/// <param name="Iterations">Root turns taken.</param>
/// <param name="Usage">LM usage of the whole tree (this run and every sub-call and child), with its cost and cache savings.</param>
/// <param name="UsageByDepth">LM usage by depth: 0 for the root's own calls, 1 for its sub-calls and children's root calls, and so on. Sums to <paramref name="Usage"/>.</param>
/// <param name="Elapsed">Wall-clock time of the run.</param>
public sealed record RlmResult(
    string Answer,
    RlmEnding Ending,
    string? Reason,
    int Iterations,
    RlmUsage Usage,
    IReadOnlyDictionary<int, RlmUsage> UsageByDepth,
    TimeSpan Elapsed)
{
    /// <summary>LM usage by model name (from the chat options, the client's metadata or the response). Sums to <see cref="Usage"/>.</summary>
    public IReadOnlyDictionary<string, RlmUsage> UsageByModel { get; init; } = new Dictionary<string, RlmUsage>();
}
