using System.Runtime.CompilerServices;

namespace Rlm.Roslyn;

/// <summary>
/// What one running snippet owns: its cancellation (deadline included), its captured output and its runtime
/// limits. <see cref="Check"/> is what the injected checkpoints call. Once a limit trips it stays tripped, so
/// every later checkpoint throws again and a <c>catch</c> in the snippet cannot swallow it.
/// </summary>
internal sealed class SnippetScope
{
    /// <summary>Checkpoints between two looks at the heap: reading it costs more than the rest of a check.</summary>
    private const int HeapCheckInterval = 1024;

    private readonly long _heapAtStart;
    private readonly long _maxHeapGrowth;
    private ScriptLimitException? _tripped;
    private int _untilHeapCheck = HeapCheckInterval;

    public SnippetScope(int maxOutputChars, long maxHeapGrowthBytes, CancellationToken cancellationToken)
    {
        CancellationToken = cancellationToken;
        _maxHeapGrowth = maxHeapGrowthBytes;
        _heapAtStart = GC.GetTotalMemory(forceFullCollection: false);
        Output = new CapturedOutput(maxOutputChars, () => Trip(
            SnippetLimit.Output,
            $"Output limit: the snippet printed more than {maxOutputChars:N0} chars and was stopped. Print counts, samples or summaries instead."));
    }

    public CapturedOutput Output { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>The limit that stopped the snippet, if one did.</summary>
    public ScriptLimitException? Tripped => Volatile.Read(ref _tripped);

    /// <summary>Throws when the snippet is cancelled, past its deadline, or over a limit.</summary>
    public void Check()
    {
        CancellationToken.ThrowIfCancellationRequested();
        if (Volatile.Read(ref _tripped) is { } tripped)
        {
            throw tripped;
        }

        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw Trip(SnippetLimit.CallDepth, "Call depth limit: calls nested so deep the stack would overflow (runaway recursion?). Use a loop or an explicit stack.");
        }

        if (--_untilHeapCheck <= 0)
        {
            _untilHeapCheck = HeapCheckInterval;
            var growth = GC.GetTotalMemory(forceFullCollection: false) - _heapAtStart;
            if (growth > _maxHeapGrowth)
            {
                throw Trip(SnippetLimit.Memory, $"Memory limit: the heap grew by {growth / (1024 * 1024):N0} MB during the snippet, past its {_maxHeapGrowth / (1024 * 1024):N0} MB budget. Keep less in memory: slice Context instead of copying it, and aggregate as you go.");
            }
        }
    }

    /// <summary>Trips <paramref name="limit"/> (the first trip wins) and returns the exception to throw.</summary>
    public ScriptLimitException Trip(SnippetLimit limit, string message)
    {
        Interlocked.CompareExchange(ref _tripped, new ScriptLimitException(limit, message), null);
        return _tripped!;
    }
}
