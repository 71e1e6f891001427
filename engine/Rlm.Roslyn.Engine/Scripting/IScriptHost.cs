namespace Rlm.Roslyn;

/// <summary>
/// What the script globals need from the run that owns them: sub-LM calls and child RLMs. The loop implements
/// it, with the run's depth, clients, usage ledger, concurrency bound and events.
/// </summary>
internal interface IScriptHost
{
    /// <summary>One plain sub-LM call. Failures come back as an "Error: ..." string.</summary>
    Task<string> LlmAsync(string prompt, CancellationToken cancellationToken);

    /// <summary>A child RLM over <paramref name="context"/> at depth + 1; at max depth, a plain sub-LM call.</summary>
    Task<string> RecurseAsync(string query, RlmContext context, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="calls"/> concurrently within the run's bound, keeping order.</summary>
    Task<string[]> FanOutAsync(IReadOnlyList<Func<CancellationToken, Task<string>>> calls, CancellationToken cancellationToken);

    /// <summary>Runs Python code in the run's Python session and returns its feedback text; throws when Python is not configured.</summary>
    Task<string> PythonAsync(string code, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("Python is not configured for this run (RlmOptions.PythonSessions is null; the rlm console enables it with --python or --language python).");
}
