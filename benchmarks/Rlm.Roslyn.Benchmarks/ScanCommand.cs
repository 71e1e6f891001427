using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Rlm.Roslyn.Corpus;

namespace Rlm.Roslyn.Benchmarks;

/// <summary>
/// <c>scan [--chars N] [--runs R] [--only a,b]</c>: the grep kernels and the partition over one generated context of N chars
/// (default 1e9), timed side by side in one process. Each round runs every case once, in turn, so machine noise hits all
/// of them alike; the best and median of R rounds are printed with their ratio to the one-core floor pass.
/// </summary>
internal static class ScanCommand
{
    private static long RawCount(Regex regex, ReadOnlySpan<char> text)
    {
        long n = 0;
        foreach (var m in regex.EnumerateMatches(text))
        {
            n++;
        }

        return n;
    }

    public static int Run(string[] args)
    {
        var chars = 1_000_000_000;
        var runs = 5;
        string[]? only = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--chars":
                    chars = int.Parse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture);
                    break;
                case "--runs":
                    runs = int.Parse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture);
                    break;
                case "--only":
                    only = args[i + 1].Split(',');
                    break;
                default:
                    Console.Error.WriteLine($"Unknown option {args[i]}. Usage: scan [--chars N] [--runs R] [--only a,b]");
                    return 2;
            }
        }

        var clock = Stopwatch.StartNew();
        var context = BenchmarkCorpus.Create(chars);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"corpus: {chars:N0} chars generated in {clock.Elapsed.TotalSeconds:0.0} s; {Environment.ProcessorCount} cores, best and median of {runs} rounds"));

        var lines = GrepScanOptions.Default;
        var timeout = TimeSpan.FromSeconds(10);
        var cases = new List<(string Name, Func<long> Run)>
        {
            ("Floor (1 core)", () => BenchmarkCorpus.Floor(context.Text.Span)),
            ("FloorAllCores", () => BenchmarkCorpus.FloorAllCores(context.Text)),
            ("Literal -n (BCL IndexOf + Count)", () => GrepScan.Run(context, new LiteralMatcher(BenchmarkCorpus.Literal, false), lines, default).Total),
            ("Literal -n (fused)", () => GrepScan.Run(context, TextSearch.CreateMatcher(BenchmarkCorpus.Literal, true, false, timeout), lines, default).Total),
            ("IgnoreCase -n (BCL)", () => GrepScan.Run(context, new LiteralMatcher("RIVER", true), lines, default).Total),
            ("IgnoreCase -n (fused)", () => GrepScan.Run(context, TextSearch.CreateMatcher("RIVER", true, true, timeout), lines, default).Total),
            ("Needle -n (fused, 1 core)", () => GrepScan.Run(context, TextSearch.CreateMatcher(CorpusGenerator.Needle, true, false, timeout), lines with { Ranges = 1 }, default).Total),
            ("Literal -n (fused, 1 core)", () => GrepScan.Run(context, TextSearch.CreateMatcher(BenchmarkCorpus.Literal, true, false, timeout), lines with { Ranges = 1 }, default).Total),
            ("Needle -n (fused)", () => GrepScan.Run(context, TextSearch.CreateMatcher(CorpusGenerator.Needle, true, false, timeout), lines, default).Total),
            ("ThreeLiterals -n", () => GrepScan.Run(context, TextSearch.CreateAnyMatcher([BenchmarkCorpus.Literal, "market", CorpusGenerator.Needle], false), lines, default).Total),
            ("Regex -n (NonBacktracking)", () => GrepScan.Run(context, new RegexMatcher(UntrustedRegex.Create(BenchmarkCorpus.SevenDigits, false, timeout), BenchmarkCorpus.SevenDigits, timeout), lines with { CompiledRegexMinChars = int.MaxValue }, default).Total),
            ("Regex -n (as TextSearch builds it)", () => GrepScan.Run(context, TextSearch.CreateMatcher(BenchmarkCorpus.SevenDigits, false, false, timeout), lines, default).Total),
            ("Regex engine alone (compiled, 1 core)", () => RawCount(new Regex(BenchmarkCorpus.SevenDigits, RegexOptions.Compiled | RegexOptions.Multiline | RegexOptions.CultureInvariant), context.Text.Span)),
            ("Partition BySize 100K", () => Partitioner.BySize(context, 100_000).Length),
        };
        if (only is not null)
        {
            cases = [.. cases.Where((c, i) => i == 0 || only.Any(o => c.Name.Contains(o, StringComparison.OrdinalIgnoreCase)))];
        }

        var times = cases.Select(_ => new List<double>()).ToArray();
        var results = new long[cases.Count];
        for (var round = 0; round < runs + 1; round++)
        {
            for (var c = 0; c < cases.Count; c++)
            {
                var start = Stopwatch.GetTimestamp();
                results[c] = cases[c].Run();
                var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (round > 0)
                {
                    times[c].Add(ms); // round 0 warms up (JIT, regex construction, page faults)
                }
            }
        }

        var floor = times[0].Min();
        Console.WriteLine($"{"case",-36} {"best ms",10} {"median ms",10} {"best/floor",10} {"result",12}");
        for (var c = 0; c < cases.Count; c++)
        {
            var sorted = times[c].Order().ToList();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{cases[c].Name,-36} {sorted[0],10:0.000} {sorted[sorted.Count / 2],10:0.000} {sorted[0] / floor,10:0.00} {results[c],12:N0}"));
        }

        return 0;
    }
}
