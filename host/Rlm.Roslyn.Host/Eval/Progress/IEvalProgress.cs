namespace Rlm.Roslyn.Host.Eval;

/// <summary>
/// What <c>rlm eval</c> shows on standard error while it runs: a line per task (plain), or the live run tree of the
/// task in progress under an eval header (a terminal). The runner calls it from one flow: a task starts, its run's
/// events arrive through <see cref="IProgress{T}.Report"/>, the task ends; other lines are written between tasks.
/// </summary>
internal interface IEvalProgress : IProgress<RlmEvent>, IAsyncDisposable
{
    /// <summary>Whether the display shows run events (the rlm method then streams them to it); false for today's one line per task.</summary>
    bool ShowsRuns { get; }

    /// <summary>A task starts.</summary>
    ValueTask TaskStartedAsync(EvalTaskHeader header);

    /// <summary>The task ended with <paramref name="line"/> (its score or its failure).</summary>
    ValueTask TaskEndedAsync(string line, bool failed);

    /// <summary>A line that belongs to no task (a warning, the stop after repeated failures).</summary>
    ValueTask WriteLineAsync(string line);
}
