namespace Rlm.Roslyn;

/// <summary>The engine's services a code session's guest code can call: sub-LM calls and child RLMs, with the run's bounds and events.</summary>
public interface ICodeSessionHost
{
    /// <summary>One plain sub-LM call. Failures come back as an "Error: ..." string.</summary>
    /// <param name="prompt">The whole prompt.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    Task<string> LlmAsync(string prompt, CancellationToken cancellationToken);

    /// <summary>Many plain sub-LM calls, concurrently within the run's bound; replies in order, a failure as an "Error: ..." entry.</summary>
    /// <param name="prompts">The prompts.</param>
    /// <param name="cancellationToken">Stops the calls.</param>
    Task<string[]> LlmBatchedAsync(IReadOnlyList<string> prompts, CancellationToken cancellationToken);

    /// <summary>A child RLM answers <paramref name="query"/> over <paramref name="context"/> at depth + 1; at max depth, a plain sub-LM call.</summary>
    /// <param name="query">The child's question.</param>
    /// <param name="context">The child's context.</param>
    /// <param name="cancellationToken">Stops the child.</param>
    Task<string> RecurseAsync(string query, string context, CancellationToken cancellationToken);
}
