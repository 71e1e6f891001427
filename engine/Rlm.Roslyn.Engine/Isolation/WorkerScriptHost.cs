using System.Collections.Concurrent;

namespace Rlm.Roslyn;

/// <summary>
/// The worker's script host: each sub-call a snippet makes crosses to the parent as a frame with its own id and waits
/// for the reply, so the calls of one batch are in flight at once; batches keep the run's order and per-batch bound here
/// (<see cref="FanOut"/>), while the parent keeps the tree-wide bound, the budget, the cache and the trace.
/// </summary>
/// <param name="pipe">The channel to the parent.</param>
/// <param name="maxConcurrency">Calls one batch starts at once.</param>
internal sealed class WorkerScriptHost(WorkerPipe pipe, int maxConcurrency) : IScriptHost
{
    private readonly ConcurrentDictionary<int, TaskCompletionSource<(WorkerReplyStatus Status, string Text)>> _calls = new();
    private int _nextId;

    public Task<string> LlmAsync(string prompt, CancellationToken cancellationToken) =>
        CallAsync(WorkerCallKind.Llm, w => w.Write(prompt), cancellationToken);

    public Task<string> RecurseAsync(string query, RlmContext context, CancellationToken cancellationToken) =>
        CallAsync(
            WorkerCallKind.Recurse,
            w =>
            {
                w.Write(query);
                w.Write(context.Documents.Count > 0 ? context.Documents[0].Name : "context");
                w.Write(context.Text.ToString());
            },
            cancellationToken);

    public Task<string[]> FanOutAsync(IReadOnlyList<Func<CancellationToken, Task<string>>> calls, CancellationToken cancellationToken) =>
        FanOut.RunAsync(calls, maxConcurrency, cancellationToken);

    public Task<string> PythonAsync(string code, CancellationToken cancellationToken) =>
        CallAsync(WorkerCallKind.Python, w => w.Write(code), cancellationToken);

    /// <summary>Hands the parent's reply to the call waiting for it (a reply for a call given up on is dropped).</summary>
    public void Complete(WorkerFrame frame)
    {
        if (_calls.TryRemove(frame.Id, out var waiting))
        {
            using var body = frame.OpenBody();
            waiting.TrySetResult(((WorkerReplyStatus)body.ReadByte(), body.ReadString()));
        }
    }

    private async Task<string> CallAsync(WorkerCallKind kind, Action<BinaryWriter> arguments, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<(WorkerReplyStatus Status, string Text)>(TaskCreationOptions.RunContinuationsAsynchronously);
        _calls[id] = reply;
        using var registration = cancellationToken.Register(() =>
        {
            // The snippet stopped waiting: tell the parent, so the call's LM request stops too.
            if (_calls.TryRemove(id, out var given))
            {
                given.TrySetCanceled(cancellationToken);
                _ = pipe.WriteAsync(WorkerFrameKind.SubCallCancel, id);
            }
        });
        // Sent even if cancellation comes meanwhile: the registration above then tells the parent to stop it.
        await pipe.WriteAsync(WorkerFrameKind.SubCall, id, w =>
        {
            w.Write((byte)kind);
            arguments(w);
        }, CancellationToken.None).ConfigureAwait(false);
        var (status, text) = await reply.Task.ConfigureAwait(false);
        return status switch
        {
            WorkerReplyStatus.Answered => text,
            WorkerReplyStatus.Cancelled => throw new OperationCanceledException(cancellationToken),
            _ => throw new InvalidOperationException(text),
        };
    }
}
