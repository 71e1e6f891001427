namespace Rlm.Roslyn.Benchmarks;

/// <summary>Prints the soak's table and its verdict against the issue's criteria.</summary>
internal static class SoakReport
{
    private const double MaxRssGrowthMegabytes = 25;
    private const double MaxStepMedianMilliseconds = 10;

    public static void PrintHeader()
    {
        Console.WriteLine("| Sessions | RSS (MB) | GC heap (MB) | GC committed (MB) | Assemblies | rlm-* assemblies | Live contexts | GC passes | Live inline | Elapsed (s) |");
        Console.WriteLine("|---------:|---------:|-------------:|------------------:|-----------:|-----------------:|--------------:|----------:|------------:|------------:|");
    }

    public static void PrintRow(SoakCheckpoint c) =>
        Console.WriteLine(
            $"| {c.Session,8} | {Megabytes(c.RssBytes),8:0.0} | {Megabytes(c.GcHeapBytes),12:0.0} | {Megabytes(c.GcCommittedBytes),17:0.0} | {c.Assemblies,10} | " +
            $"{c.SubmissionAssemblies,16} | {c.LiveContexts,13} | {c.GcPasses,9} | {c.LiveContextsInline,11} | {c.Elapsed.TotalSeconds,11:0.0} |");

    /// <summary>Prints the verdict block; true when every criterion passes.</summary>
    public static bool PrintVerdict(SoakSummary summary)
    {
        var options = summary.Options;
        var checkpoints = summary.Checkpoints;
        var steps = summary.StepMilliseconds;
        var last = checkpoints[^1];
        var half = checkpoints.Last(c => c.Session == options.Sessions / 2 || c.Session == 1);
        var afterFirst = checkpoints.First(c => c.Session == 1);
        var warm = checkpoints[0];

        var growth = Megabytes(last.RssBytes - half.RssBytes);
        var rssPass = growth <= MaxRssGrowthMegabytes;

        // Extra assemblies in the Default context are framework assemblies loaded once, lazily (a name loads there
        // at most once); a session's assemblies are all collectible. Only those can grow with the session count.
        var sessionLeftovers = last.SubmissionAssemblies > 0 || last.LiveContexts > 0 || summary.AnyExtraCollectible;
        var assembliesPass = !sessionLeftovers && (last.Assemblies <= afterFirst.Assemblies || summary.ExtraAssemblies.Count == last.Assemblies - afterFirst.Assemblies);

        var median = Percentile(steps, 0.5);
        var p90 = Percentile(steps, 0.9);
        var stepPass = steps.Count > 0 && median <= MaxStepMedianMilliseconds;
        var snippetsPass = summary.Failures == 0;

        Console.WriteLine();
        Console.WriteLine($"Warm snippet step (`{BenchmarkSnippets.TrivialStep}`, snippet {BenchmarkSnippets.TimedStepIndex + 1} of each session), " +
            $"sessions {options.SkipSessions + 1}..{options.Sessions} ({steps.Count} samples): " +
            $"median {median:0.00} ms, p90 {p90:0.00} ms, min {(steps.Count > 0 ? steps[0] : double.NaN):0.00} ms, max {(steps.Count > 0 ? steps[^1] : double.NaN):0.00} ms.");
        Console.WriteLine(
            $"Whole session ({options.Snippets} snippets, create to dispose): " +
            $"median {Percentile(summary.SessionMilliseconds, 0.5):0.0} ms, p90 {Percentile(summary.SessionMilliseconds, 0.9):0.0} ms.");
        Console.WriteLine();
        Console.WriteLine("Verdict");
        Console.WriteLine(
            $"  [{Mark(rssPass)}] RSS after session {last.Session} within {MaxRssGrowthMegabytes:0} MB of RSS after session {half.Session}: " +
            $"{Megabytes(half.RssBytes):0.0} MB -> {Megabytes(last.RssBytes):0.0} MB ({growth:+0.0;-0.0} MB; a drop passes)");
        var extras = summary.ExtraAssemblies.Count == 0
            ? "none loaded since"
            : $"{summary.ExtraAssemblies.Count} loaded since: {string.Join(", ", summary.ExtraAssemblies)}" +
              (summary.AnyExtraCollectible ? string.Empty : " - framework assemblies loaded once into a non-collectible context, not session assemblies");
        Console.WriteLine(
            $"  [{Mark(assembliesPass)}] loaded assemblies back to baseline: {last.Assemblies} after session {last.Session}, " +
            $"baseline {afterFirst.Assemblies} after session 1 ({warm.Assemblies} after warm-up); {extras}; " +
            $"{last.SubmissionAssemblies} rlm-* submission assemblies and {last.LiveContexts} of {last.Session} disposed load contexts still alive");
        Console.WriteLine($"  [{Mark(stepPass)}] warm snippet step median <= {MaxStepMedianMilliseconds:0} ms: median {median:0.00} ms (p90 {p90:0.00} ms)");
        Console.WriteLine(
            $"  [{Mark(snippetsPass)}] every snippet completed: {summary.Failures} of {options.Sessions * options.Snippets} did not" +
            (summary.FirstFailure is null ? string.Empty : $"; first: {summary.FirstFailure.ReplaceLineEndings(" ")}"));

        var inline = checkpoints.Where(c => c.LiveContextsInline > c.LiveContexts).ToList();
        if (inline.Count > 0)
        {
            Console.WriteLine(
                $"  [NOTE] at {inline.Count} of {checkpoints.Count - 1} checkpoints, {inline.Max(c => c.LiveContextsInline)} disposed load context(s) survived " +
                "up to 10 full GCs when counted straight after the await of the last snippet, and were collected once the soak yielded to a fresh " +
                "thread-pool stack: the caller's continuation runs nested in the completion of the session's own async state machines, which still " +
                "reference the last submission (see benchmarks/RESULTS.md, open finding).");
        }

        var pass = rssPass && assembliesPass && stepPass && snippetsPass;
        Console.WriteLine(pass ? "PASS" : "FAIL");
        return pass;
    }

    private static string Mark(bool pass) => pass ? "PASS" : "FAIL";

    private static double Megabytes(long bytes) => bytes / (1024.0 * 1024.0);

    /// <summary>Nearest-rank percentile of sorted samples.</summary>
    private static double Percentile(IReadOnlyList<double> sorted, double fraction) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Count) - 1, 0, sorted.Count - 1)];
}
