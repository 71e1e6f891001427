using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;

namespace Rlm.Roslyn.Benchmarks;

/// <summary>Partition by size (snapped to line ends, zero-copy) over the generated corpus; the baseline is one plain pass over the buffer.</summary>
[MemoryDiagnoser]
[SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "BenchmarkDotNet runs benchmarks as instance methods.")]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 6)]
public class PartitionBenchmarks
{
    private RlmContext _context = null!;

    /// <summary>Context length in chars.</summary>
    [Params(100_000_000)]
    public int Chars { get; set; }

    [GlobalSetup]
    public void Setup() => _context = BenchmarkCorpus.Create(Chars);

    /// <summary>The floor: one vectorised pass over the whole buffer, one core.</summary>
    [Benchmark(Baseline = true)]
    public int Floor() => BenchmarkCorpus.Floor(_context.Text.Span);

    /// <summary>100,000-char chunks.</summary>
    [Benchmark]
    public int BySize100K() => Partitioner.BySize(_context, 100_000).Length;

    /// <summary>100,000-char chunks with a 1,000-char overlap.</summary>
    [Benchmark]
    public int BySize100KOverlap() => Partitioner.BySize(_context, 100_000, 1_000).Length;

    /// <summary>Chunks of 1,000 lines (walks every line end).</summary>
    [Benchmark]
    public int ByLines1000() => Partitioner.ByLines(_context, 1_000).Length;
}
