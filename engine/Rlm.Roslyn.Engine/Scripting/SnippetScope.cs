using System.Runtime.CompilerServices;

namespace Rlm.Roslyn;

/// <summary>
/// What one running snippet owns: its cancellation (deadline included), its captured output and its runtime
/// limits. <see cref="Check"/> is what the injected checkpoints call. Once a limit trips it stays tripped, so
/// every later checkpoint throws again and a <c>catch</c> in the snippet cannot swallow it. Once the snippet has
/// ended (<see cref="End"/>), work it started and did not await stops at its next checkpoint.
/// </summary>
internal sealed class SnippetScope
{
    /// <summary>Checkpoints between two looks at the heap when this thread allocates little (other threads may).</summary>
    private const int HeapCheckInterval = 1024;

    /// <summary>What this thread allocated at its last look at the heap (any snippet's: a look is never wasted).</summary>
    [ThreadStatic]
    private static long t_allocatedAtLastLook;

    private readonly long _heapAtStart;
    private readonly long _maxHeapGrowth;
    private readonly long _heapStep;
    private readonly TaskCompletionSource _parked = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ScriptLimitException? _tripped;
    private OperationCanceledException? _ended;
    private int _untilHeapCheck = HeapCheckInterval;

    public SnippetScope(int maxOutputChars, long maxHeapGrowthBytes, CancellationToken cancellationToken)
    {
        CancellationToken = cancellationToken;
        _maxHeapGrowth = maxHeapGrowthBytes;

        // Look at the heap whenever the thread has allocated an eighth of the budget (at most 32 MB) since its last
        // look: a loop of a few huge allocations is stopped within an eighth of its budget of overshoot.
        _heapStep = Math.Clamp(maxHeapGrowthBytes / 8, 1, 32L << 20);
        _heapAtStart = GC.GetTotalMemory(forceFullCollection: false);
        Output = new CapturedOutput(maxOutputChars, () => Trip(
            SnippetLimit.Output,
            $"Output limit: the snippet printed more than {maxOutputChars:N0} chars and was stopped. Print counts, samples or summaries instead."));
    }

    public CapturedOutput Output { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>The limit that stopped the snippet, if one did.</summary>
    public ScriptLimitException? Tripped => Volatile.Read(ref _tripped);

    /// <summary>Completes when a checkpoint parked its thread (the stack was too full to unwind): the session is lost.</summary>
    public Task Parked => _parked.Task;

    /// <summary>Throws when the snippet is cancelled, past its deadline, over a limit, or over.</summary>
    public void Check()
    {
        if (Volatile.Read(ref _ended) is { } ended)
        {
            throw ended;
        }

        if (Volatile.Read(ref _tripped) is { } tripped)
        {
            ThrowTripped(tripped);
        }

        CancellationToken.ThrowIfCancellationRequested();
        if (SnippetThread.IsCurrent ? SnippetThread.IsTooDeep : !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            ThrowTripped(Trip(SnippetLimit.CallDepth, "Call depth limit: calls nested so deep the stack would overflow (runaway recursion?). Use a loop or an explicit stack."));
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        if (allocated - t_allocatedAtLastLook > _heapStep || --_untilHeapCheck <= 0)
        {
            t_allocatedAtLastLook = allocated;
            _untilHeapCheck = HeapCheckInterval;
            var growth = GC.GetTotalMemory(forceFullCollection: false) - _heapAtStart;
            if (growth > _maxHeapGrowth)
            {
                throw Trip(SnippetLimit.Memory, $"Memory limit: the heap grew by {growth / (1024 * 1024):N0} MB during the snippet, past its {_maxHeapGrowth / (1024 * 1024):N0} MB budget. Keep less in memory: slice Context instead of copying it, and aggregate as you go.");
            }
        }
    }

    /// <summary>Whether a <c>catch</c> in the snippet may handle an exception now: not once a limit has tripped or the snippet was stopped.</summary>
    public bool MayCatch() =>
        Volatile.Read(ref _tripped) is null && Volatile.Read(ref _ended) is null && !CancellationToken.IsCancellationRequested;

    /// <summary>Trips <paramref name="limit"/> (the first trip wins) and returns the exception to throw.</summary>
    public ScriptLimitException Trip(SnippetLimit limit, string message)
    {
        Interlocked.CompareExchange(ref _tripped, new ScriptLimitException(limit, message), null);
        return _tripped!;
    }

    /// <summary>The snippet has ended: from now on every checkpoint of this scope throws.</summary>
    public void End() => Interlocked.CompareExchange(
        ref _ended,
        new OperationCanceledException("This snippet has ended: work it started and did not await was stopped. Await what you start."),
        null);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowTripped(ScriptLimitException tripped)
    {
        if (SnippetThread.MustPark)
        {
            // Handlers the limit's unwinding ran (a finally that recurses again, and again) have used up the stack:
            // one more throw could overflow it and end the process. Stop this thread here for good instead.
            _parked.TrySetResult();
            SnippetThread.Park();
        }

        throw tripped;
    }
}
