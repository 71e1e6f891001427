using System.Diagnostics;

namespace Rlm.Roslyn;

/// <summary>
/// C# blocks in a worker process (<see cref="SnippetIsolation.Process"/>): the same <see cref="CSharpCodeSession"/> runs
/// there, over the context (mapped from the parent's shared memory, or a copy of a small one), while sub-calls come back here to the run's <see cref="IScriptHost"/>. The session
/// opens in its lease's worker on the first block (a run tree's sessions share one worker). When the worker dies (a
/// crash, a kill, out of memory) or a block outlives its time limit plus the session's grace without answering, the
/// block is reported with the cause, the worker is ended (with every session in it: each one's next result says it was
/// reset), and the next block opens the session again in a fresh worker. A block whose session the worker had to
/// abandon (stuck in a library call) also costs the worker, so the stuck thread ends with it.
/// </summary>
internal sealed class WorkerCodeSession : ICodeSession
{
    private const string VariablesGone = "The session was reset: all variables are gone; Context and the helpers remain.";

    private readonly WorkerLease _lease;
    private readonly bool _ownsLease;
    private readonly RlmContext _context;
    private readonly string _query;
    private readonly int _depth;
    private readonly IScriptHost _host;
    private readonly TimeSpan _abandonAfter;
    private WorkerProcess? _worker;
    private int _sessionId;
    private bool _lostBetweenBlocks;

    /// <summary>A session in <paramref name="lease"/>'s worker.</summary>
    /// <param name="lease">The run tree's worker.</param>
    /// <param name="context">The context the session is opened over.</param>
    /// <param name="query">The globals' question.</param>
    /// <param name="depth">The globals' depth.</param>
    /// <param name="host">Serves the session's sub-calls.</param>
    /// <param name="ownsLease">Whether disposing the session disposes the lease too.</param>
    public WorkerCodeSession(WorkerLease lease, RlmContext context, string query, int depth, IScriptHost host, bool ownsLease = false)
    {
        (_lease, _ownsLease, _context, _query, _depth, _host) = (lease, ownsLease, context, query, depth, host);
        _abandonAfter = lease.Key.Hello.Session.AbandonAfter;
    }

    /// <summary>A session with a worker of its own.</summary>
    /// <param name="options">The limits and the submission policy (the default restricted one or the trusted one).</param>
    /// <param name="context">The context the session is opened over.</param>
    /// <param name="query">The globals' question.</param>
    /// <param name="depth">The globals' depth.</param>
    /// <param name="maxConcurrency">Calls one batch starts at once.</param>
    /// <param name="host">Serves the worker's sub-calls.</param>
    /// <param name="jail">Whether workers run in their jail; with <see cref="WorkerJail.Required"/> the jail is checked here, so a machine without one fails before the first block.</param>
    /// <exception cref="ArgumentException">The policy cannot cross to a worker.</exception>
    /// <exception cref="InvalidOperationException">The worker, the dotnet host or (when required) the jail is not available here.</exception>
    public WorkerCodeSession(ScriptSessionOptions options, RlmContext context, string query, int depth, int maxConcurrency, IScriptHost host, WorkerJail jail = WorkerJail.Required)
        : this(OpenLease(options, maxConcurrency, jail), context, query, depth, host, ownsLease: true)
    {
    }

    /// <summary>How often the session started over (workers lost), cancelled blocks included.</summary>
    public int Resets { get; private set; }

    /// <summary>The worker's process id (the jail's outer process in a jail), or null before the first block and after a loss.</summary>
    public int? WorkerProcessId => _worker?.ProcessId;

    /// <summary>How long past a block's time limit and the session's grace the worker may stay silent before it is ended.</summary>
    internal TimeSpan KillGrace { get; init; } = TimeSpan.FromSeconds(3);

    public Task<CodeRunResult> RunAsync(string code, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        return CallAsync(WorkerFrameKind.Run, w =>
        {
            w.Write(code);
            w.Write(timeout.Ticks);
        }, timeout, cancellationToken);
    }

    public Task<CodeRunResult> ReadVariableAsync(string name, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        return CallAsync(WorkerFrameKind.ReadVariable, w =>
        {
            w.Write(name);
            w.Write(timeout.Ticks);
        }, timeout, cancellationToken);
    }

    public Task<CodeRunResult> DescribeVariablesAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        CallAsync(WorkerFrameKind.DescribeVariables, w => w.Write(timeout.Ticks), timeout, cancellationToken);

    public void Dispose()
    {
        _worker?.CloseSession(_sessionId);
        _worker = null;
        if (_ownsLease)
        {
            _lease.Dispose();
        }
    }

    /// <summary>Checks here that a worker can start (the worker, the dotnet host, the jail), so a machine without one fails before the first block.</summary>
    internal static WorkerLease OpenLease(ScriptSessionOptions options, int maxConcurrency, WorkerJail jail)
    {
        var key = WorkerKey.For(options, maxConcurrency, jail);
        WorkerAvailability.ThrowIfUnavailable(jail);
        return new WorkerLease(key);
    }

    private async Task<CodeRunResult> CallAsync(WorkerFrameKind kind, Action<BinaryWriter> body, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        WorkerProcess worker;
        try
        {
            worker = await EnsureSessionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            return Failed(SnippetOutcome.RuntimeError, ex.Message, clock, reset: TakeLostBetweenBlocks());
        }

        var lostBefore = TakeLostBetweenBlocks();
        var sessionId = _sessionId;
        var (id, reply) = worker.Begin(kind, w =>
        {
            w.Write(sessionId);
            body(w);
        });
        try
        {
            var frame = await reply.WaitAsync(timeout + _abandonAfter + KillGrace, cancellationToken).ConfigureAwait(false);
            if (frame.Kind == WorkerFrameKind.Cancelled)
            {
                throw new InvalidDataException("the worker cancelled an operation nobody cancelled");
            }

            CodeRunResult result;
            using (var reader = frame.OpenBody())
            {
                result = WorkerCodec.ReadResult(reader);
            }

            if (result.SessionReset)
            {
                // The worker's session abandoned a block stuck in a library call: only ending the process ends that thread.
                Lose();
            }

            return lostBefore ? result with { SessionReset = true } : result;
        }
        catch (TimeoutException)
        {
            Lose();
            return Failed(
                SnippetOutcome.Timeout,
                $"Timeout: the snippet ran past its {timeout.TotalSeconds:0.#} s limit and its worker process did not answer, so the worker was ended. {VariablesGone}",
                clock,
                reset: true);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await StopAsync(worker, id, reply).ConfigureAwait(false);
            throw;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or EndOfStreamException)
        {
            if (ex is not IOException)
            {
                worker.Kill();
            }

            var cause = await worker.DescribeEndAsync().ConfigureAwait(false);
            Lose();
            var outcome = cause.Contains("Stack overflow", StringComparison.OrdinalIgnoreCase) || cause.Contains("OutOfMemory", StringComparison.Ordinal) || cause.Contains("out of memory", StringComparison.OrdinalIgnoreCase)
                ? SnippetOutcome.Limit
                : SnippetOutcome.RuntimeError;
            return Failed(outcome, $"The worker process running this session ended ({cause}). What the block printed is lost. {VariablesGone}", clock, reset: true);
        }
    }

    /// <summary>Lets the worker stop a cancelled block as in process; a worker that does not answer within the grace is ended.</summary>
    private async Task StopAsync(WorkerProcess worker, int id, Task<WorkerFrame> reply)
    {
        worker.Cancel(id);
        try
        {
            var frame = await reply.WaitAsync(_abandonAfter + KillGrace).ConfigureAwait(false);
            using var body = frame.OpenBody();
            var lost = frame.Kind == WorkerFrameKind.Cancelled ? body.ReadBoolean() : WorkerCodec.ReadResult(body).SessionReset;
            if (lost)
            {
                Lose();
            }
        }
        catch (Exception ex) when (ex is TimeoutException or IOException or InvalidDataException or EndOfStreamException)
        {
            Lose();
        }
    }

    /// <summary>The worker this session lives in, opening the session there first when it is not open (the first block, or after a loss).</summary>
    private async Task<WorkerProcess> EnsureSessionAsync(CancellationToken cancellationToken)
    {
        if (_worker is { HasEnded: false } live)
        {
            return live;
        }

        if (_worker is not null)
        {
            // Its worker died between blocks (killed from outside, or by another session's stuck block): the model must
            // hear that its variables are gone.
            Lose();
            _lostBetweenBlocks = true;
        }

        var worker = await _lease.GetAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _sessionId = await worker.OpenSessionAsync(_context, _query, _depth, _host, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException)
        {
            _lease.Lose(worker);
            throw new IOException("The worker process broke the protocol while opening a session, so it was ended.");
        }

        return _worker = worker;
    }

    private bool TakeLostBetweenBlocks()
    {
        var lost = _lostBetweenBlocks;
        _lostBetweenBlocks = false;
        return lost;
    }

    /// <summary>Ends the current worker (and every session in it); the next block opens this session in a fresh one.</summary>
    private void Lose()
    {
        if (_worker is not null)
        {
            _lease.Lose(_worker);
        }

        _worker = null;
        Resets++;
    }

    private static CodeRunResult Failed(SnippetOutcome outcome, string error, Stopwatch clock, bool reset) => new()
    {
        Outcome = outcome,
        Error = error,
        SessionReset = reset,
        Elapsed = clock.Elapsed,
    };
}
