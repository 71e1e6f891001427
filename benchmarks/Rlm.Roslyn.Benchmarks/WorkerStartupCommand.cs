using System.Diagnostics;
using System.Globalization;

namespace Rlm.Roslyn.Benchmarks;

/// <summary>
/// <c>worker-startup [--runs N] FILE</c>: issue 13's targets 2 and 4, wall times from a cold worker and the memory of an
/// idle one, which BenchmarkDotNet does not fit. Each run, in one process and side by side: a jailed worker's start
/// (<see cref="WorkerPool.Prewarm"/> until it is ready) against <see cref="ContextLoader.LoadAsync"/> of FILE, each
/// alone and then both at once (as <c>rlm ask --isolation process</c> does); the first snippet in a fresh session of
/// the just-warmed worker and its 7th submission, next to the same in this warm process; opening a session over the
/// loaded context in the worker (the copy through the pipe); and the idle spare's memory: RSS and PSS of its whole
/// process tree (setpriv, bwrap, dotnet) from <c>/proc</c>. Last, a worker with the trusted policy reports its own GC
/// heap from a snippet. Medians over the runs are printed last. The page cache is warmed with one untimed load first.
/// Run: <c>dotnet run -c Release --project benchmarks/Rlm.Roslyn.Benchmarks -- worker-startup --runs 5 /tmp/real100m.txt</c>.
/// </summary>
internal static class WorkerStartupCommand
{
    private const string Query = "How many errors are in the log, and which component logs most of them?";
    private const string FirstSnippet = "var x = 41 + 1;";
    private const string GcSnippet = """
        var before = GC.GetTotalMemory(false);
        var info = GC.GetGCMemoryInfo();
        var gcs = $"{GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}";
        var after = GC.GetTotalMemory(true);
        $"GC.GetTotalMemory {before / 1048576.0:0.0} MB (after a full GC {after / 1048576.0:0.0} MB); last GC: heap {info.HeapSizeBytes / 1048576.0:0.0} MB, committed {info.TotalCommittedBytes / 1048576.0:0.0} MB, limit {info.TotalAvailableMemoryBytes / 1048576.0:0} MB; GCs gen0/1/2 {gcs}; Environment.WorkingSet {Environment.WorkingSet / 1048576.0:0.0} MB"
        """;

    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = 5;
        var files = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--runs" && i + 1 < args.Length)
            {
                runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
            }
            else
            {
                files.Add(args[i]);
            }
        }

        if (files.Count != 1 || !File.Exists(files[0]))
        {
            Console.Error.WriteLine("Usage: worker-startup [--runs N] FILE");
            return 2;
        }

        var file = files[0];
        Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
        var clock = Stopwatch.StartNew();
        var key = RunTree.WorkerKeyFor(new RlmOptions { Isolation = SnippetIsolation.Process });
        Console.WriteLine(Ms("worker key, jail probe included (once per process)", clock.Elapsed));

        _ = await TimeLoadAsync(file).ConfigureAwait(false);
        var small = BenchmarkSnippets.CreateContext();
        await WarmInProcessAsync(small).ConfigureAwait(false);

        var rows = new Dictionary<string, List<double>>();
        void Add(string row, double value) => (rows.TryGetValue(row, out var list) ? list : rows[row] = []).Add(value);

        for (var run = 1; run <= runs; run++)
        {
            // A worker alone, then idle.
            clock.Restart();
            var worker = await Spare(key).ConfigureAwait(false);
            var ready = clock.Elapsed;
            await Task.Delay(TimeSpan.FromSeconds(3)).ConfigureAwait(false);
            var memory = ProcessTreeMemory.Read(worker.ProcessId);
            Console.WriteLine($"run {run}: idle spare: {memory.Describe()}");
            var (first, firstInWorker, seventh) = await FirstAndSeventhAsync(new WorkerCodeSession(new WorkerLease(key), small, Query, 0, new NoLmScriptHost(), ownsLease: true)).ConfigureAwait(false);
            var (firstHere, firstHereInSession, seventhHere) = await FirstAndSeventhAsync(NewInProcess(small)).ConfigureAwait(false);

            // The context alone.
            var load = await TimeLoadAsync(file).ConfigureAwait(false);

            // Both at once, as a run warms up while its context loads; then the session over the loaded context.
            var (readyTogether, loadTogether, openBig, openBigInWorker, openBigHere, chars) = await TogetherAsync(key, file).ConfigureAwait(false);
            GC.Collect();

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run}: ready {ready.TotalMilliseconds:0} ms, load {load.TotalMilliseconds:0} ms; together: ready {readyTogether.TotalMilliseconds:0} ms, load {loadTogether.TotalMilliseconds:0} ms; open over {chars:N0} chars + first snippet {openBig.TotalMilliseconds:0} ms (in worker {openBigInWorker.TotalMilliseconds:0}, in process {openBigHere.TotalMilliseconds:0}); worker first {first:0.0} ms (in worker {firstInWorker:0.0}), 7th {seventh:0.00} ms; in process first {firstHere:0.0} ms, 7th {seventhHere:0.00} ms"));
            Add("worker ready (Prewarm to ready), alone", ready.TotalMilliseconds);
            Add("LoadAsync of the file, alone", load.TotalMilliseconds);
            Add("worker ready, started with the load", readyTogether.TotalMilliseconds);
            Add("LoadAsync, with the worker starting", loadTogether.TotalMilliseconds);
            Add("open a session over the loaded context + first snippet (worker, wall)", openBig.TotalMilliseconds);
            Add("  the same, as the worker timed the snippet", openBigInWorker.TotalMilliseconds);
            Add("  the same in process (new session over the loaded context + first snippet)", openBigHere.TotalMilliseconds);
            Add("first snippet, fresh session, just-warmed worker (wall, open included)", first);
            Add("  the same, as the worker timed the snippet ", firstInWorker);
            Add("7th submission (var y = x + 1;), same worker session", seventh);
            Add("first snippet, fresh session, in process (wall)", firstHere);
            Add("  the same, as the session timed the snippet", firstHereInSession);
            Add("7th submission (var y = x + 1;), in process", seventhHere);
            Add("idle spare: tree RSS (MB)", memory.RssKb / 1024.0);
            Add("idle spare: tree PSS (MB)", memory.PssKb / 1024.0);
            Add("idle spare: dotnet worker RSS (MB)", memory.Processes.Where(p => p.Name == "dotnet").Sum(p => p.RssKb) / 1024.0);
            Add("idle spare: dotnet worker PSS (MB)", memory.Processes.Where(p => p.Name == "dotnet").Sum(p => p.PssKb) / 1024.0);
        }

        await ReportGcHeapAsync().ConfigureAwait(false);

        Console.WriteLine();
        Console.WriteLine($"medians over {runs} runs ({Path.GetFileName(file)}, {new FileInfo(file).Length:N0} bytes); load average at end: {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine("| measure | median | min | max |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (row, values) in rows)
        {
            var unit = row.Contains("(MB)", StringComparison.Ordinal) ? string.Empty : " ms";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {row} | {Median(values):0.00}{unit} | {values.Min():0.00}{unit} | {values.Max():0.00}{unit} |"));
        }

        var ratio = Median(rows["worker ready (Prewarm to ready), alone"]) / Median(rows["LoadAsync of the file, alone"]);
        var ratioTogether = Median(rows["worker ready, started with the load"]) / Median(rows["LoadAsync, with the worker starting"]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ready / load: {ratio:0.00} alone, {ratioTogether:0.00} together; worker first snippet / in-process first snippet: {Median(rows["first snippet, fresh session, just-warmed worker (wall, open included)"]) / Median(rows["first snippet, fresh session, in process (wall)"]):0.00}"));
        return 0;
    }

    /// <summary>A spare for <paramref name="key"/>, started now (none is left from an earlier run: each was rented and ended).</summary>
    private static Task<WorkerProcess> Spare(WorkerKey key) => (Task<WorkerProcess>)WorkerPool.Prewarm(key);

    private static Task<RlmContext> LoadAsync(string file) => ContextLoader.LoadAsync([file]);

    private static async Task<TimeSpan> TimeLoadAsync(string file)
    {
        var clock = Stopwatch.StartNew();
        _ = await LoadAsync(file).ConfigureAwait(false);
        return clock.Elapsed;
    }

    /// <summary>A spare started with the load, when each was done, then a session over the loaded context in that worker and its first snippet.</summary>
    private static async Task<(TimeSpan Ready, TimeSpan Load, TimeSpan Open, TimeSpan FirstInWorker, TimeSpan FirstHere, int Chars)> TogetherAsync(WorkerKey key, string file)
    {
        var clock = Stopwatch.StartNew();
        var spare = Spare(key);
        var spareReady = spare.ContinueWith(_ => clock.Elapsed, TaskScheduler.Default);
        var loaded = await LoadAsync(file).ConfigureAwait(false);
        var load = clock.Elapsed;
        await spare.ConfigureAwait(false);
        var ready = await spareReady.ConfigureAwait(false);
        clock.Restart();
        CodeRunResult first;
        using (var session = new WorkerCodeSession(new WorkerLease(key), loaded, Query, 0, new NoLmScriptHost(), ownsLease: true))
        {
            first = Completed(await session.RunAsync(FirstSnippet, Limit).ConfigureAwait(false));
        }

        var open = clock.Elapsed;
        clock.Restart();
        using (var here = NewInProcess(loaded))
        {
            Completed(await here.RunAsync(FirstSnippet, Limit).ConfigureAwait(false));
        }

        return (ready, load, open, first.Elapsed, clock.Elapsed, loaded.Length);
    }

    private static CSharpCodeSession NewInProcess(RlmContext context) =>
        new(new ScriptSessionOptions(), () => new RlmGlobals(context, Query, 0, new NoLmScriptHost()));

    /// <summary>Warms this process's compiler as a long-running host would be (10 whole sessions).</summary>
    private static async Task WarmInProcessAsync(RlmContext context)
    {
        await ScriptEnvironment.WarmUpAsync().ConfigureAwait(false);
        for (var i = 0; i < 10; i++)
        {
            using var session = NewInProcess(context);
            foreach (var code in BenchmarkSnippets.Session)
            {
                Completed(await session.RunAsync(code, Limit).ConfigureAwait(false));
            }
        }
    }

    /// <summary>The first snippet's wall time and own time, then the 7th submission's wall time (ms), in <paramref name="session"/>, which is disposed.</summary>
    private static async Task<(double First, double FirstInSession, double Seventh)> FirstAndSeventhAsync(ICodeSession session)
    {
        using (session)
        {
            var clock = Stopwatch.StartNew();
            var first = Completed(await session.RunAsync(FirstSnippet, Limit).ConfigureAwait(false));
            var firstWall = clock.Elapsed.TotalMilliseconds;
            for (var i = 1; i < BenchmarkSnippets.TimedStepIndex; i++)
            {
                Completed(await session.RunAsync(BenchmarkSnippets.Session[i], Limit).ConfigureAwait(false));
            }

            clock.Restart();
            Completed(await session.RunAsync(BenchmarkSnippets.TrivialStep, Limit).ConfigureAwait(false));
            return (firstWall, first.Elapsed.TotalMilliseconds, clock.Elapsed.TotalMilliseconds);
        }
    }

    /// <summary>A trusted worker's idle tree, then its GC heap as a snippet reads it, then its tree again.</summary>
    private static async Task ReportGcHeapAsync()
    {
        var key = WorkerKey.For(new ScriptSessionOptions { Policy = TrustedCodePolicy.Instance }, maxConcurrency: 8, WorkerJail.Required);
        var worker = await Spare(key).ConfigureAwait(false);
        await Task.Delay(TimeSpan.FromSeconds(3)).ConfigureAwait(false);
        Console.WriteLine($"trusted idle spare: {ProcessTreeMemory.Read(worker.ProcessId).Describe()}");
        using var session = new WorkerCodeSession(new WorkerLease(key), RlmContext.FromString(string.Empty), Query, 0, new NoLmScriptHost(), ownsLease: true);
        var result = Completed(await session.RunAsync(GcSnippet, Limit).ConfigureAwait(false));
        Console.WriteLine($"trusted worker's GC, read by its first snippet: {result.Value}");
        Console.WriteLine($"trusted worker after that snippet: {ProcessTreeMemory.Read(worker.ProcessId).Describe()}");
    }

    private static CodeRunResult Completed(CodeRunResult result) =>
        result.Outcome == SnippetOutcome.Completed ? result : throw new InvalidOperationException($"A snippet did not complete: {result.ToFeedback()}");

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Ms(string what, TimeSpan elapsed) => string.Create(CultureInfo.InvariantCulture, $"{what}: {elapsed.TotalMilliseconds:0} ms");
}
