using System.Diagnostics;
using System.Globalization;

namespace Rlm.Roslyn;

/// <summary>
/// C# blocks in a worker process (<see cref="SnippetIsolation.Process"/>): the same <see cref="CSharpCodeSession"/> runs
/// there, over a copy of the context, while sub-calls come back here to the run's <see cref="IScriptHost"/>. The worker
/// starts on the first block. When it dies (a crash, a kill, out of memory) or a block outlives its time limit plus
/// the session's grace without answering, the block is reported with the cause, the worker is ended, the result says the
/// session was reset, and the next block starts a fresh worker. A block whose session the worker had to abandon (stuck
/// in a library call) also costs the worker, so the stuck thread ends with it.
/// </summary>
internal sealed class WorkerCodeSession : ICodeSession
{
    private const string VariablesGone = "The session was reset: all variables are gone; Context and the helpers remain.";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private readonly WorkerInit _init;
    private readonly RlmContext _context;
    private readonly IScriptHost _host;
    private readonly WorkerJail _jail;
    private WorkerProcess? _worker;
    private bool _lostBetweenBlocks;

    /// <param name="options">The limits and the submission policy (the default restricted one or the trusted one).</param>
    /// <param name="context">The context the worker gets a copy of.</param>
    /// <param name="query">The globals' question.</param>
    /// <param name="depth">The globals' depth.</param>
    /// <param name="maxConcurrency">Calls one batch starts at once.</param>
    /// <param name="host">Serves the worker's sub-calls.</param>
    /// <param name="jail">Whether workers run in their jail; with <see cref="WorkerJail.Required"/> the jail is checked here, so a machine without one fails before the first block.</param>
    /// <exception cref="ArgumentException">The policy cannot cross to a worker.</exception>
    /// <exception cref="InvalidOperationException">The worker, the dotnet host or (when required) the jail is not available here.</exception>
    public WorkerCodeSession(ScriptSessionOptions options, RlmContext context, string query, int depth, int maxConcurrency, IScriptHost host, WorkerJail jail = WorkerJail.Required)
    {
        var policy = WorkerPolicy.From(options.Policy)
            ?? throw new ArgumentException("A worker runs RestrictedApiPolicy.Default or TrustedCodePolicy.Instance.", nameof(options));
        _init = new WorkerInit(
            policy,
            options,
            maxConcurrency,
            depth,
            query,
            CultureInfo.CurrentCulture.Name,
            CultureInfo.CurrentUICulture.Name,
            context.Length,
            context.Documents.Select(d => (d.Name, d.Offset, d.Length)).ToList());
        (_context, _host, _jail) = (context, host, jail);
        _ = WorkerLauncher.StartInfo(jail);
    }

    /// <summary>How often the session started over (workers lost), cancelled blocks included.</summary>
    public int Resets { get; private set; }

    /// <summary>The current worker's process id, or null before the first block and after a loss.</summary>
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
        _worker?.Dispose();
        _worker = null;
    }

    private async Task<CodeRunResult> CallAsync(WorkerFrameKind kind, Action<BinaryWriter> body, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        WorkerProcess worker;
        try
        {
            worker = await EnsureWorkerAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            return Failed(SnippetOutcome.RuntimeError, ex.Message, clock, reset: TakeLostBetweenBlocks());
        }

        var lostBefore = TakeLostBetweenBlocks();
        var (id, reply) = worker.Begin(kind, body);
        try
        {
            var frame = await reply.WaitAsync(timeout + _init.Session.AbandonAfter + KillGrace, cancellationToken).ConfigureAwait(false);
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
            var frame = await reply.WaitAsync(_init.Session.AbandonAfter + KillGrace).ConfigureAwait(false);
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

    private async Task<WorkerProcess> EnsureWorkerAsync(CancellationToken cancellationToken)
    {
        if (_worker is { HasEnded: false } live)
        {
            return live;
        }

        if (_worker is not null)
        {
            // It died between blocks (killed from outside): the model must hear that its variables are gone.
            Lose();
            _lostBetweenBlocks = true;
        }

        using var start = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        start.CancelAfter(StartTimeout);
        try
        {
            return _worker = await WorkerProcess.StartAsync(_init, _context, _host, _jail, start.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new IOException($"The worker process did not start within {StartTimeout.TotalSeconds:0} s.");
        }
    }

    private bool TakeLostBetweenBlocks()
    {
        var lost = _lostBetweenBlocks;
        _lostBetweenBlocks = false;
        return lost;
    }

    /// <summary>Ends the current worker; the next block starts a fresh one.</summary>
    private void Lose()
    {
        _worker?.Dispose();
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
