using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;

namespace Rlm.Roslyn.Benchmarks;

/// <summary>
/// What one injected checkpoint costs at run time, 1,000 per invocation, next to its parts: the flow-local scope
/// lookup, the per-thread allocation counter the heap budget now reads at every checkpoint, and the runtime's stack
/// check the depth limit uses off the snippet thread (on it, a stack-pointer compare replaces that call).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "BenchmarkDotNet runs benchmarks as instance methods.")]
public class CheckpointBenchmarks
{
    private const int Checks = 1_000;
    private SnippetScope _scope = null!;
    private long _sink;

    [GlobalSetup]
    public void Setup()
    {
        _scope = new SnippetScope(1_000_000, 4L << 30, CancellationToken.None);
        ScriptCheckpoint.Scope = _scope;
    }

    [Benchmark(Baseline = true, Description = "empty loop")]
    public long EmptyLoop()
    {
        for (var i = 0; i < Checks; i++)
        {
            _sink += i;
        }

        return _sink;
    }

    [Benchmark(Description = "ScriptCheckpoint.Check() (as injected)")]
    public long InjectedCheckpoint()
    {
        for (var i = 0; i < Checks; i++)
        {
            ScriptCheckpoint.Check();
            _sink += i;
        }

        return _sink;
    }

    [Benchmark(Description = "SnippetScope.Check() (no flow lookup)")]
    public long ScopeCheck()
    {
        for (var i = 0; i < Checks; i++)
        {
            _scope.Check();
            _sink += i;
        }

        return _sink;
    }

    [Benchmark(Description = "GC.GetAllocatedBytesForCurrentThread()")]
    public long AllocatedBytes()
    {
        for (var i = 0; i < Checks; i++)
        {
            _sink += GC.GetAllocatedBytesForCurrentThread();
        }

        return _sink;
    }

    [Benchmark(Description = "RuntimeHelpers.TryEnsureSufficientExecutionStack()")]
    public long EnsureStack()
    {
        for (var i = 0; i < Checks; i++)
        {
            _sink += RuntimeHelpers.TryEnsureSufficientExecutionStack() ? i : 0;
        }

        return _sink;
    }
}
