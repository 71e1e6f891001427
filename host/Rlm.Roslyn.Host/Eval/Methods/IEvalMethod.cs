namespace Rlm.Roslyn.Host.Eval;

/// <summary>A way of answering an eval task: the engine, or a single-call baseline.</summary>
internal interface IEvalMethod
{
    /// <summary>The method's name: rlm, base or bm25.</summary>
    string Name { get; }

    /// <summary>Answers <paramref name="task"/>. Endpoint failures throw; they are reported by the runner and the task is retried on the next run.</summary>
    /// <param name="task">The task.</param>
    /// <param name="events">Gets the run's events as they happen, for progress (the rlm method; single calls have none); null for none.</param>
    /// <param name="cancellationToken">Cancels the answer.</param>
    Task<EvalAnswer> AnswerAsync(EvalTask task, IProgress<RlmEvent>? events, CancellationToken cancellationToken = default);
}
