namespace Rlm.Roslyn;

/// <summary>
/// The script host of one session in the worker: each sub-call a snippet makes crosses to the parent through
/// <see cref="WorkerCalls"/>, so the calls of one batch are in flight at once; batches keep the run's order and per-batch
/// bound here (<see cref="FanOut"/>), while the parent keeps the tree-wide bound, the budget, the cache and the trace.
/// </summary>
/// <param name="calls">The worker's calls in flight.</param>
/// <param name="session">The session whose host in the parent serves these calls.</param>
/// <param name="maxConcurrency">Calls one batch starts at once.</param>
internal sealed class WorkerScriptHost(WorkerCalls calls, int session, int maxConcurrency) : IScriptHost
{
    public Task<string> LlmAsync(string prompt, CancellationToken cancellationToken) =>
        calls.CallAsync(session, WorkerCallKind.Llm, w => w.Write(prompt), cancellationToken);

    public Task<string> RecurseAsync(string query, RlmContext context, CancellationToken cancellationToken) =>
        calls.CallAsync(
            session,
            WorkerCallKind.Recurse,
            w =>
            {
                w.Write(query);
                w.Write(context.Documents.Count > 0 ? context.Documents[0].Name : "context");
                w.Write(context.Text.ToString());
            },
            cancellationToken);

    public Task<string[]> FanOutAsync(IReadOnlyList<Func<CancellationToken, Task<string>>> batch, CancellationToken cancellationToken) =>
        FanOut.RunAsync(batch, maxConcurrency, cancellationToken);

    public Task<string> PythonAsync(string code, CancellationToken cancellationToken) =>
        calls.CallAsync(session, WorkerCallKind.Python, w => w.Write(code), cancellationToken);
}
