using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;

namespace Rlm.Roslyn.Benchmarks;

/// <summary>
/// A warm snippet step and a snippet's sub-calls in process (<see cref="CSharpCodeSession"/>) side by side with the
/// same in a jailed worker (<see cref="WorkerCodeSession"/>, <see cref="WorkerJail.Required"/>, the default
/// <see cref="RestrictedApiPolicy"/>), issue 13's targets 1 and 3. As in <see cref="SnippetStepBenchmarks"/>, every
/// measured snippet is the 7th submission of its session (each iteration's setup prepares one session per invocation
/// that has run the soak's first six snippets), so the chain never grows. The sub-call rows run 200 <c>Llm("x")</c>
/// calls (a loop, or one <c>LlmMany</c>) inside one snippet against <see cref="NoLmScriptHost"/>, which answers at
/// once: the per-call cost of the pipe is (worker loop - worker step - (in-process loop - in-process step)) / 200.
/// Both sides are warmed with whole sessions first (the worker's process and this one's end of the pipe). One job, in
/// this process (<c>[InProcess]</c>): the worker must be found beside this process's engine, and BenchmarkDotNet's
/// generated project is not built (its build times out on a busy 2-core machine).
/// Run: <c>dotnet run -c Release --project benchmarks/Rlm.Roslyn.Benchmarks -- --filter '*WorkerBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "BenchmarkDotNet runs benchmarks as instance methods.")]
[InProcess]
[WarmupCount(3)]
[IterationCount(20)]
[InvocationCount(Invocations, 1)]
public class WorkerBenchmarks
{
    /// <summary>Sub-calls per snippet in the sub-call rows.</summary>
    public const int Calls = 200;

    private const int Invocations = 16;
    private const int WarmUpSessions = 30;
    private const int PreparedSnippets = BenchmarkSnippets.TimedStepIndex;
    private const string Query = "How many errors are in the log, and which component logs most of them?";
    private const string LlmLoop = "var y = x; for (var i = 0; i < 200; i++) { y += Llm(\"x\").Length; }";
    private const string LlmManyStep = "var y = x + LlmMany(Enumerable.Repeat(\"x\", 200)).Length;";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private readonly ICodeSession?[] _prepared = new ICodeSession?[Invocations];
    private readonly ScriptSessionOptions _options = new();
    private RlmContext _context = null!;
    private WorkerLease? _lease;
    private int _next;

    /// <summary>Warms this process's compiler with whole in-process sessions.</summary>
    [GlobalSetup(Targets = [nameof(InProcessStep), nameof(InProcessLlmLoop), nameof(InProcessLlmMany)])]
    public void WarmInProcess() => WarmUp(worker: false);

    /// <summary>Starts a jailed worker and warms it (and this process's end of the pipe) with whole sessions.</summary>
    [GlobalSetup(Targets = [nameof(WorkerStep), nameof(WorkerLlmLoop), nameof(WorkerLlmMany)])]
    public void WarmWorker() => WarmUp(worker: true);

    /// <summary>Ends the worker.</summary>
    [GlobalCleanup]
    public void EndWorker()
    {
        _lease?.Dispose();
        _lease = null;
    }

    /// <summary>16 in-process sessions at their 7th submission.</summary>
    [IterationSetup(Targets = [nameof(InProcessStep), nameof(InProcessLlmLoop), nameof(InProcessLlmMany)])]
    public void PrepareInProcess() => Prepare(worker: false);

    /// <summary>16 sessions in the worker at their 7th submission.</summary>
    [IterationSetup(Targets = [nameof(WorkerStep), nameof(WorkerLlmLoop), nameof(WorkerLlmMany)])]
    public void PrepareWorker() => Prepare(worker: true);

    /// <summary>Closes the iteration's sessions.</summary>
    [IterationCleanup]
    public void DisposeSessions()
    {
        for (var s = 0; s < _prepared.Length; s++)
        {
            _prepared[s]?.Dispose();
            _prepared[s] = null;
        }
    }

    /// <summary>Target 1, in process: <c>var y = x + 1;</c> as the 7th submission.</summary>
    [Benchmark(Baseline = true)]
    public Task<CodeRunResult> InProcessStep() => Step(BenchmarkSnippets.TrivialStep);

    /// <summary>Target 1, in the worker: the same step, sent through the pipe and answered.</summary>
    [Benchmark]
    public Task<CodeRunResult> WorkerStep() => Step(BenchmarkSnippets.TrivialStep);

    /// <summary>Target 3, in process: one snippet making 200 <c>Llm("x")</c> calls one after another.</summary>
    [Benchmark]
    public Task<CodeRunResult> InProcessLlmLoop() => Step(LlmLoop);

    /// <summary>Target 3, in the worker: the same snippet; every call crosses the pipe and back.</summary>
    [Benchmark]
    public Task<CodeRunResult> WorkerLlmLoop() => Step(LlmLoop);

    /// <summary>Target 3, in process: one <c>LlmMany</c> of 200 prompts.</summary>
    [Benchmark]
    public Task<CodeRunResult> InProcessLlmMany() => Step(LlmManyStep);

    /// <summary>Target 3, in the worker: the same batch (8 at once, the default MaxConcurrency, in the worker's FanOut).</summary>
    [Benchmark]
    public Task<CodeRunResult> WorkerLlmMany() => Step(LlmManyStep);

    private static CodeRunResult Completed(CodeRunResult result) =>
        result.Outcome == SnippetOutcome.Completed ? result : throw new InvalidOperationException($"A benchmark snippet did not complete: {result.ToFeedback()}");

    private void WarmUp(bool worker)
    {
        _context = BenchmarkSnippets.CreateContext();
        ScriptEnvironment.WarmUpAsync().GetAwaiter().GetResult();
        if (worker)
        {
            _lease = new WorkerLease(WorkerKey.For(_options, maxConcurrency: 8, WorkerJail.Required));
        }

        for (var i = 0; i < WarmUpSessions; i++)
        {
            using var session = NewSession(worker);
            foreach (var code in BenchmarkSnippets.Session)
            {
                Run(session, code);
            }

            Run(session, LlmLoop);
            Run(session, LlmManyStep.Replace("var y", "var z", StringComparison.Ordinal));
        }

        // Let tiered compilation finish promoting what the warm-up made hot (here, and in the worker).
        Thread.Sleep(TimeSpan.FromSeconds(1));
    }

    private void Prepare(bool worker)
    {
        for (var s = 0; s < _prepared.Length; s++)
        {
            var session = NewSession(worker);
            for (var i = 0; i < PreparedSnippets; i++)
            {
                Run(session, BenchmarkSnippets.Session[i]);
            }

            _prepared[s] = session;
        }

        _next = 0;
    }

    private ICodeSession NewSession(bool worker) => worker
        ? new WorkerCodeSession(_lease ?? throw new InvalidOperationException("No worker."), _context, Query, 0, new NoLmScriptHost())
        : new CSharpCodeSession(_options, () => new RlmGlobals(_context, Query, 0, new NoLmScriptHost()));

    private static void Run(ICodeSession session, string code) => Completed(session.RunAsync(code, Limit).GetAwaiter().GetResult());

    private async Task<CodeRunResult> Step(string code) => Completed(await NextSession().RunAsync(code, Limit).ConfigureAwait(false));

    private ICodeSession NextSession() =>
        _next < _prepared.Length && _prepared[_next++] is { } session
            ? session
            : throw new InvalidOperationException($"More than {Invocations} invocations in one iteration: no prepared session left.");
}
