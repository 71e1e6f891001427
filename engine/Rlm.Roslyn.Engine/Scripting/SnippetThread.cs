using System.Runtime.CompilerServices;

namespace Rlm.Roslyn;

/// <summary>
/// A session's own thread with a large stack (reserved, committed only as deep calls touch it), on which each
/// snippet starts and to which its <c>await</c> continuations come back. Call depth is measured against it: a
/// snippet trips <see cref="SnippetLimit.CallDepth"/> once its calls use <see cref="ScriptSessionOptions.MaxStackDepthBytes"/>,
/// which leaves the rest of the stack for what runs after the trip (exception dispatch, <c>finally</c> blocks, a
/// chain of library calls with no checkpoint until its deepest frame). A checkpoint that finds the stack nearly full
/// even so parks the thread rather than let the process die, and the session is abandoned.
/// </summary>
/// <remarks>
/// While the thread is busy (a snippet blocked on a task, say), continuations run on overflow threads (at most 16 per
/// session) with the same large stack, still under this synchronization context, so a snippet that waits on its own async work never
/// deadlocks and no snippet code ever runs on a thread-pool thread's small stack.
/// </remarks>
internal sealed class SnippetThread : IDisposable
{
    /// <summary>Bytes the stack pointer may go down from the thread's start before a checkpoint trips CallDepth; 0 off snippet threads.</summary>
    [ThreadStatic]
    private static nint t_depthLine;

    /// <summary>The stack address below which a tripped snippet's checkpoint parks instead of throwing.</summary>
    [ThreadStatic]
    private static nint t_parkLine;

    private readonly Queue<(SendOrPostCallback Callback, object? State)> _queue = new();
    private readonly object _gate = new();
    private readonly Thread _thread;
    private readonly int _stackBytes;
    private readonly long _maxDepthBytes;
    private readonly long _parkReserveBytes;
    private bool _busy;
    private bool _stopping;

    /// <summary>Overflow threads a session may have at once (continuations that come while its thread is busy).</summary>
    private const int MaxOverflowThreads = 16;

    private static readonly TimeSpan OverflowIdleTimeout = TimeSpan.FromSeconds(2);
    private readonly Queue<(SendOrPostCallback Callback, object? State, SynchronizationContext Context)> _overflow = new();
    private readonly object _overflowGate = new();
    private int _overflowThreads;
    private int _overflowIdle;

    /// <param name="stackBytes">The thread's stack size (reserved address space).</param>
    /// <param name="maxDepthBytes">Stack a snippet may use before CallDepth trips.</param>
    /// <param name="parkReserveBytes">Stack kept free below the park line.</param>
    public SnippetThread(int stackBytes, long maxDepthBytes, long parkReserveBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stackBytes, 1 << 20);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxDepthBytes + parkReserveBytes, stackBytes);
        _stackBytes = stackBytes;
        _maxDepthBytes = maxDepthBytes;
        _parkReserveBytes = parkReserveBytes;
        Context = new SnippetSynchronizationContext(this);
        _thread = new Thread(Loop, stackBytes) { IsBackground = true, Name = "rlm-snippet" };

        // Not flowing the creator's execution context: every work item runs under its own.
        _thread.UnsafeStart();
    }

    /// <summary>The context snippets run under: their continuations come back to this thread when it is free.</summary>
    public SynchronizationContext Context { get; }

    /// <summary>True on a snippet thread whose calls have gone deeper than the depth budget.</summary>
    public static bool IsTooDeep
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            var line = t_depthLine;
            return line != 0 && StackPointer() < line;
        }
    }

    /// <summary>True on a snippet thread whose stack is nearly full: throwing again could overflow it.</summary>
    public static bool MustPark
    {
        get
        {
            var line = t_parkLine;
            return line != 0 && StackPointer() < line;
        }
    }

    /// <summary>True on any snippet thread.</summary>
    public static bool IsCurrent => t_depthLine != 0;

    /// <summary>Starts <paramref name="start"/> on this thread, under this context, and returns the task it returns.</summary>
    public Task<T> RunAsync<T>(Func<Task<T>> start)
    {
        var started = new TaskCompletionSource<Task<T>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var flow = ExecutionContext.Capture();
        Enqueue(
            _ =>
            {
                try
                {
                    started.SetResult(start());
                }
                catch (Exception exception)
                {
                    started.SetException(exception);
                }
            },
            null,
            flow);
        return started.Task.Unwrap();
    }

    /// <summary>Lets the thread end once its queue is empty (a parked or stuck thread stays where it is).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Blocks the calling snippet thread for good: its stack is too full to unwind safely.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Park() => Thread.Sleep(Timeout.Infinite);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static nint StackPointer()
    {
        byte probe = 0;
        return Unsafe.ByteOffset(ref Unsafe.NullRef<byte>(), ref probe);
    }

    private void Post(SendOrPostCallback callback, object? state, SynchronizationContext context)
    {
        lock (_gate)
        {
            if (!_busy && !_stopping)
            {
                _queue.Enqueue((callback, state));
                Monitor.Pulse(_gate);
                return;
            }
        }

        // Busy (perhaps blocked on this very continuation's task): run it on an overflow thread with the same large
        // stack and depth lines, still under this context. Not on the thread pool: a pool thread's 1.5 MB stack is
        // overflowed by a library call chain the snippet thread's stack holds, and an overflow ends the process. At
        // most MaxOverflowThreads of them per session, so a snippet that starts a flood of continuations cannot make
        // the process run out of threads; the rest wait their turn.
        lock (_overflowGate)
        {
            _overflow.Enqueue((callback, state, context));
            if (_overflowIdle > 0 || _overflowThreads >= MaxOverflowThreads)
            {
                Monitor.Pulse(_overflowGate);
                return;
            }

            _overflowThreads++;
        }

        new Thread(OverflowLoop, _stackBytes) { IsBackground = true, Name = "rlm-snippet-overflow" }.UnsafeStart();
    }

    /// <summary>An overflow thread: runs continuations while there are any, and ends after a short idle spell.</summary>
    private void OverflowLoop()
    {
        MarkStack();
        while (true)
        {
            (SendOrPostCallback Callback, object? State, SynchronizationContext Context) item;
            lock (_overflowGate)
            {
                while (_overflow.Count == 0)
                {
                    _overflowIdle++;
                    var woken = Monitor.Wait(_overflowGate, OverflowIdleTimeout);
                    _overflowIdle--;
                    if (!woken && _overflow.Count == 0)
                    {
                        _overflowThreads--;
                        return;
                    }
                }

                item = _overflow.Dequeue();
            }

            SynchronizationContext.SetSynchronizationContext(item.Context);
            Run(item.Callback, item.State);
            item = default;
        }
    }

    /// <summary>Sets this thread's depth and park lines from where its stack starts.</summary>
    private void MarkStack()
    {
        var top = StackPointer();
        t_depthLine = top - (nint)_maxDepthBytes;
        t_parkLine = top - (nint)(_stackBytes - _parkReserveBytes);
    }

    private void Enqueue(SendOrPostCallback callback, object? state, ExecutionContext? flow)
    {
        SendOrPostCallback run = flow is null ? callback : s => ExecutionContext.Run(flow, c => callback(c), s);
        lock (_gate)
        {
            _queue.Enqueue((run, state));
            Monitor.Pulse(_gate);
        }
    }

    private void Loop()
    {
        MarkStack();
        SynchronizationContext.SetSynchronizationContext(Context);
        var clean = ExecutionContext.Capture()!;
        while (true)
        {
            (SendOrPostCallback Callback, object? State) item;
            lock (_gate)
            {
                _busy = false;
                while (_queue.Count == 0)
                {
                    if (_stopping)
                    {
                        return;
                    }

                    Monitor.Wait(_gate);
                }

                item = _queue.Dequeue();
                _busy = true;
            }

            // Each item under a clean execution context, so nothing one sets (a snippet's scope) stays on the thread.
            ExecutionContext.Run(clean, static s => ((Action)s!)(), () => Run(item.Callback, item.State));
            SynchronizationContext.SetSynchronizationContext(Context);

            // Hold nothing of a snippet (its factory, its state) while waiting: a disposed session must be collectable.
            item = default;
        }
    }

    private static void Run(SendOrPostCallback callback, object? state)
    {
        try
        {
            callback(state);
        }
#pragma warning disable CA1031 // Only an async void (refused by the sandbox; trusted code may have one) throws here.
        catch (Exception)
#pragma warning restore CA1031
        {
            // On the thread pool an async void's exception ends the process; here it is dropped, and the thread
            // lives on for the session's next snippet.
        }
    }

    private sealed class SnippetSynchronizationContext(SnippetThread owner) : SynchronizationContext
    {
        public override void Post(SendOrPostCallback d, object? state) => owner.Post(d, state, this);

        public override void Send(SendOrPostCallback d, object? state) => d(state);

        public override SynchronizationContext CreateCopy() => this;
    }
}
