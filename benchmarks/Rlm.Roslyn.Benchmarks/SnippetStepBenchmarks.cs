using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Rlm.Roslyn.Benchmarks;

/// <summary>
/// The cost of one snippet step in a warm process, side by side with its floor: the baseline parses the trivial
/// snippet alone, which any compile must pay. Every measured step runs as the 7th submission of a session that
/// has run the soak's first six snippets: each iteration's setup prepares one such session per invocation, and each
/// invocation uses its own, so the submission chain never grows with the invocation count. The process is warmed
/// with whole sessions first (JIT tiering included), like a long-running host.
/// </summary>
[MemoryDiagnoser]
[SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "BenchmarkDotNet runs benchmarks as instance methods.")]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 30)]
[InvocationCount(Invocations, 1)]
public class SnippetStepBenchmarks
{
    private const int Invocations = 16;
    private const int WarmUpSessions = 60;
    private const int PreparedSnippets = BenchmarkSnippets.TimedStepIndex;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private readonly ScriptSession?[] _prepared = new ScriptSession?[Invocations];
    private RlmContext _context = null!;
    private int _next;

    [GlobalSetup]
    public void GlobalSetup()
    {
        _context = BenchmarkSnippets.CreateContext();
        ScriptEnvironment.WarmUpAsync().GetAwaiter().GetResult();
        for (var i = 0; i < WarmUpSessions; i++)
        {
            using var session = NoLmScriptHost.NewSession(_context);
            foreach (var code in BenchmarkSnippets.Session)
            {
                Completed(session.RunAsync(code, Limit).GetAwaiter().GetResult());
            }

            Completed(session.RunAsync(BenchmarkSnippets.ThirtyLines, Limit).GetAwaiter().GetResult());
        }

        // Let tiered compilation finish promoting what the warm-up made hot.
        Thread.Sleep(TimeSpan.FromSeconds(1));
    }

    [IterationSetup(Targets = [nameof(TrivialStep), nameof(ThirtyLineStep)])]
    public void PrepareSessions()
    {
        for (var s = 0; s < _prepared.Length; s++)
        {
            var session = NoLmScriptHost.NewSession(_context);
            for (var i = 0; i < PreparedSnippets; i++)
            {
                Completed(session.RunAsync(BenchmarkSnippets.Session[i], Limit).GetAwaiter().GetResult());
            }

            _prepared[s] = session;
        }

        _next = 0;
    }

    [IterationCleanup(Targets = [nameof(TrivialStep), nameof(ThirtyLineStep)])]
    public void DisposeSessions()
    {
        for (var s = 0; s < _prepared.Length; s++)
        {
            _prepared[s]?.Dispose();
            _prepared[s] = null;
        }
    }

    /// <summary>Parse only: <c>var y = x + 1;</c> with the script parse options.</summary>
    [Benchmark(Baseline = true)]
    public SyntaxNode ParseTrivial() =>
        CSharpSyntaxTree.ParseText(BenchmarkSnippets.TrivialStep, ScriptEnvironment.ParseOptions).GetRoot();

    /// <summary>Parse only: the 30-line snippet.</summary>
    [Benchmark]
    public SyntaxNode ParseThirtyLines() =>
        CSharpSyntaxTree.ParseText(BenchmarkSnippets.ThirtyLines, ScriptEnvironment.ParseOptions).GetRoot();

    /// <summary>Compile, emit, load and run <c>var y = x + 1;</c> as the 7th submission of a session.</summary>
    [Benchmark]
    public async Task<object> TrivialStep() =>
        Completed(await NextSession().RunAsync(BenchmarkSnippets.TrivialStep, Limit).ConfigureAwait(false));

    /// <summary>Compile, emit, load and run the 30-line snippet (record, method, loop, LINQ) as the 7th submission.</summary>
    [Benchmark]
    public async Task<object> ThirtyLineStep() =>
        Completed(await NextSession().RunAsync(BenchmarkSnippets.ThirtyLines, Limit).ConfigureAwait(false));

    /// <summary>A new session (new globals and load context), its first snippet, and its disposal: a cold session in a warm process.</summary>
    [Benchmark]
    public async Task<object> NewSessionFirstSnippet()
    {
        using var session = NoLmScriptHost.NewSession(_context);
        return Completed(await session.RunAsync("var x = 41 + 1;", Limit).ConfigureAwait(false));
    }

    private static SubmissionResult Completed(SubmissionResult result) =>
        result is SubmissionCompleted ? result : throw new InvalidOperationException($"A benchmark snippet did not complete: {result.ToFeedback()}");

    private ScriptSession NextSession() =>
        _next < _prepared.Length && _prepared[_next++] is { } session
            ? session
            : throw new InvalidOperationException($"More than {Invocations} invocations in one iteration: no prepared session left.");
}
