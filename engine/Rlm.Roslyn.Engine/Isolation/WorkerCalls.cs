using System.Collections.Concurrent;

namespace Rlm.Roslyn;

/// <summary>
/// The worker's sub-calls in flight, for every session it holds: each crosses to the parent as a frame with an id unique
/// in this worker (and the id of the session whose host serves it there) and waits for the reply.
/// </summary>
/// <param name="pipe">The channel to the parent.</param>
internal sealed class WorkerCalls(WorkerPipe pipe)
{
    private readonly ConcurrentDictionary<int, TaskCompletionSource<(WorkerReplyStatus Status, string Text)>> _calls = new();
    private int _nextId;

    /// <summary>Sends a sub-call of <paramref name="session"/> and returns its answer; a failure the parent reports is thrown here with its message.</summary>
    public async Task<string> CallAsync(int session, WorkerCallKind kind, Action<BinaryWriter> arguments, CancellationToken cancellationToken)
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
            w.Write(session);
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

    /// <summary>Hands the parent's reply to the call waiting for it (a reply for a call given up on is dropped).</summary>
    public void Complete(WorkerFrame frame)
    {
        if (_calls.TryRemove(frame.Id, out var waiting))
        {
            using var body = frame.OpenBody();
            waiting.TrySetResult(((WorkerReplyStatus)body.ReadByte(), body.ReadString()));
        }
    }
}
