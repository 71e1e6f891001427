namespace Rlm.Roslyn.Host.Eval;

/// <summary>A way of answering an eval task: the engine, or a single-call baseline.</summary>
internal interface IEvalMethod
{
    /// <summary>The method's name: rlm, base or bm25.</summary>
    string Name { get; }

    /// <summary>Answers <paramref name="task"/>. Endpoint failures throw; they are reported by the runner and the task is retried on the next run.</summary>
    Task<EvalAnswer> AnswerAsync(EvalTask task, CancellationToken cancellationToken = default);
}
