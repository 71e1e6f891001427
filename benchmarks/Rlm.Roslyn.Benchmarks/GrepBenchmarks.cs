using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;

namespace Rlm.Roslyn.Benchmarks;

/// <summary>
/// Every grep kernel over the generated corpus, all matches kept and located with line numbers (what <c>rlm grep -n</c>
/// does), on all cores; the baseline is one plain vectorised pass over the same buffer.
/// </summary>
[MemoryDiagnoser]
[SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "BenchmarkDotNet runs benchmarks as instance methods.")]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 6)]
public class GrepBenchmarks
{
    private static readonly GrepScanOptions AllWithLines = GrepScanOptions.Default with { LineNumbers = true };

    private RlmContext _context = null!;
    private GrepMatcher _literal = null!;
    private GrepMatcher _ignoreCase = null!;
    private GrepMatcher _threeLiterals = null!;
    private GrepMatcher _regex = null!;

    /// <summary>Context length in chars.</summary>
    [Params(100_000_000)]
    public int Chars { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _context = BenchmarkCorpus.Create(Chars);
        _literal = TextSearch.CreateMatcher(BenchmarkCorpus.Literal, literal: true, ignoreCase: false, TimeSpan.FromSeconds(10));
        _ignoreCase = TextSearch.CreateMatcher("RIVER", literal: true, ignoreCase: true, TimeSpan.FromSeconds(10));
        _threeLiterals = TextSearch.CreateAnyMatcher([BenchmarkCorpus.Literal, "market", Corpus.CorpusGenerator.Needle], ignoreCase: false);
        _regex = TextSearch.CreateMatcher(BenchmarkCorpus.SevenDigits, literal: false, ignoreCase: false, TimeSpan.FromSeconds(10));
    }

    /// <summary>The floor: one vectorised pass over the whole buffer, one core.</summary>
    [Benchmark(Baseline = true)]
    public int Floor() => BenchmarkCorpus.Floor(_context.Text.Span);

    /// <summary>The floor split over all cores.</summary>
    [Benchmark]
    public int FloorAllCores() => BenchmarkCorpus.FloorAllCores(_context.Text);

    /// <summary>Literal, ordinal, with line numbers (the fused one-pass kernel).</summary>
    [Benchmark]
    public int Literal() => GrepScan.Run(_context, _literal, AllWithLines, default).Total;

    /// <summary>Literal with the BCL kernel (IndexOf, then a newline count per block): what the fused kernel replaced.</summary>
    [Benchmark]
    public int LiteralBclKernel() => GrepScan.Run(_context, new LiteralMatcher(BenchmarkCorpus.Literal, ignoreCase: false), AllWithLines, default).Total;

    /// <summary>Literal, ignore case, with line numbers.</summary>
    [Benchmark]
    public int LiteralIgnoreCase() => GrepScan.Run(_context, _ignoreCase, AllWithLines, default).Total;

    /// <summary>Three literals at once, with line numbers.</summary>
    [Benchmark]
    public int ThreeLiterals() => GrepScan.Run(_context, _threeLiterals, AllWithLines, default).Total;

    /// <summary>Regex \b[0-9]{7}\b, with line numbers.</summary>
    [Benchmark]
    public int RegexSevenDigits() => GrepScan.Run(_context, _regex, AllWithLines, default).Total;

    /// <summary>The script's Grep: literal, first 1,000 hits as GrepHits, all counted.</summary>
    [Benchmark]
    public int ScriptGrepLiteral() => TextSearch.Grep(_context, BenchmarkCorpus.Literal, new GrepOptions { Literal = true }).TotalMatches;
}
