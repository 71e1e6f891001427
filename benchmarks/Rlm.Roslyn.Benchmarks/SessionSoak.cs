using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace Rlm.Roslyn.Benchmarks;

/// <summary>
/// Runs many script sessions one after another, each with the same realistic snippets, disposes each, and checks
/// that memory, loaded assemblies and load contexts come back down after a full GC. The soak keeps no session or
/// result alive itself: each session lives inside one non-inlined method and leaves only a weak handle behind.
/// </summary>
internal static class SessionSoak
{
    private const string SubmissionPrefix = "rlm-";
    private const int MaxGcPasses = 10;

    public static async Task<int> RunAsync(string[] args)
    {
        SoakOptions options;
        try
        {
            options = SoakOptions.Parse(args);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
        {
            await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return 2;
        }

        var context = BenchmarkSnippets.CreateContext();
        var clock = Stopwatch.StartNew();
        await ScriptEnvironment.WarmUpAsync().ConfigureAwait(false);
        var warmUp = clock.Elapsed;

        Console.WriteLine(
            $"Session soak: {options.Sessions} sessions x {options.Snippets} snippets, context {context.Length:N0} chars, " +
            $"{Environment.ProcessorCount} cores, .NET {Environment.Version}, Server GC {System.Runtime.GCSettings.IsServerGC}, warm-up {warmUp.TotalMilliseconds:0} ms.");
        Console.WriteLine($"Each checkpoint: full GC passes (GC.Collect, WaitForPendingFinalizers, GC.Collect) until no disposed load context is alive, at most {MaxGcPasses},");
        Console.WriteLine("then measure. \"Live inline\" is counted that way straight after the await of the last snippet; every other column after the soak");
        Console.WriteLine("has yielded once to a fresh thread-pool stack.");
        Console.WriteLine();
        SoakReport.PrintHeader();

        var handles = new WeakReference[options.Sessions];
        var steps = new List<double>(options.Sessions);
        var sessionTimes = new List<double>(options.Sessions);
        var checkpoints = new List<SoakCheckpoint> { Measure(0, handles, liveInline: 0, clock) };
        SoakReport.PrintRow(checkpoints[^1]);

        var failures = 0;
        string? firstFailure = null;
        HashSet<string> afterFirstSession = [];
        for (var i = 1; i <= options.Sessions; i++)
        {
            var run = await RunOneSessionAsync(context, options).ConfigureAwait(false);
            handles[i - 1] = run.LoadContext;
            if (i > options.SkipSessions)
            {
                steps.Add(run.StepMilliseconds);
                sessionTimes.Add(run.SessionMilliseconds);
            }

            failures += run.Failures;
            firstFailure ??= run.FirstFailure is null ? null : $"session {i}: {run.FirstFailure}";
            if (IsCheckpoint(i, options.Sessions))
            {
                // First as the caller sees it right after the await (still on the stack of the last snippet's
                // completion); then after yielding to a fresh thread-pool stack, which is what the criteria use.
                var (liveInline, _) = Settle(handles);
                await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
                checkpoints.Add(Measure(i, handles, liveInline, clock));
                SoakReport.PrintRow(checkpoints[^1]);
                if (i == 1)
                {
                    afterFirstSession = LoadedAssemblyNames();
                }
            }
        }

        steps.Sort();
        sessionTimes.Sort();
        var (extra, anyCollectible) = ExtraAssemblies(afterFirstSession);
        var summary = new SoakSummary(options, checkpoints, steps, sessionTimes, failures, firstFailure, extra, anyCollectible);
        return SoakReport.PrintVerdict(summary) ? 0 : 1;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static HashSet<string> LoadedAssemblyNames() =>
        AppDomain.CurrentDomain.GetAssemblies().Select(a => a.FullName ?? string.Empty).ToHashSet(StringComparer.Ordinal);

    /// <summary>Assemblies loaded now that were not after session 1, described, and whether any is in a collectible context.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (List<string> Extra, bool AnyCollectible) ExtraAssemblies(HashSet<string> baseline)
    {
        var extra = AppDomain.CurrentDomain.GetAssemblies().Where(a => !baseline.Contains(a.FullName ?? string.Empty)).ToList();
        var described = extra
            .Select(a => $"{a.GetName().Name} ({AssemblyLoadContext.GetLoadContext(a)?.Name ?? "?"}{(a.IsCollectible ? ", collectible" : string.Empty)})")
            .Order(StringComparer.Ordinal)
            .ToList();
        return (described, extra.Any(a => a.IsCollectible));
    }

    internal static bool IsCheckpoint(int session, int sessions) =>
        session == 1 || session % 100 == 0 || session == sessions / 2 || session == sessions;

    /// <summary>Creates, uses and disposes one session. Not inlined, so nothing of it stays on the caller's frame.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<SoakSessionRun> RunOneSessionAsync(RlmContext context, SoakOptions options)
    {
        var total = Stopwatch.StartNew();
        var step = 0.0;
        var failures = 0;
        string? firstFailure = null;
        WeakReference handle;
        using (var session = NoLmScriptHost.NewSession(context))
        {
            handle = session.LoadContextHandle();
            for (var s = 0; s < options.Snippets; s++)
            {
                var started = Stopwatch.GetTimestamp();
                var result = await session.RunAsync(BenchmarkSnippets.Session[s], options.SnippetTimeout).ConfigureAwait(false);
                if (s == BenchmarkSnippets.TimedStepIndex)
                {
                    step = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }

                if (result is not SubmissionCompleted)
                {
                    failures++;
                    firstFailure ??= $"snippet {s + 1}: {result.ToFeedback()}";
                }
            }
        }

        return new SoakSessionRun(handle, step, total.Elapsed.TotalMilliseconds, failures, firstFailure);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static SoakCheckpoint Measure(int session, WeakReference?[] handles, int liveInline, Stopwatch clock)
    {
        var (live, passes) = Settle(handles);
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        var committed = GC.GetGCMemoryInfo(GCKind.FullBlocking).TotalCommittedBytes;
        var (assemblies, submissions) = CountAssemblies();
        return new SoakCheckpoint(session, ResidentSetBytes(), heap, committed, assemblies, submissions, live, passes, liveInline, clock.Elapsed);
    }

    /// <summary>
    /// Full GCs until every disposed session's load context is collected, or <see cref="MaxGcPasses"/> passes:
    /// unloading takes more than one GC (the first finalizes the loader, a later one frees the context).
    /// Returns the contexts still alive and the passes made.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (int Live, int Passes) Settle(WeakReference?[] handles)
    {
        for (var passes = 1; ; passes++)
        {
            FullCollect();
            var live = 0;
            foreach (var handle in handles)
            {
                if (handle is { IsAlive: true })
                {
                    live++;
                }
            }

            if (live == 0 || passes == MaxGcPasses)
            {
                return (live, passes);
            }

            Thread.Sleep(10);
        }
    }

    internal static void FullCollect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static (int All, int Submissions) CountAssemblies()
    {
        var all = AppDomain.CurrentDomain.GetAssemblies();
        var submissions = all.Count(a => a.GetName().Name?.StartsWith(SubmissionPrefix, StringComparison.Ordinal) == true);
        return (all.Length, submissions);
    }

    /// <summary>VmRSS from /proc/self/status where there is one; the working set elsewhere.</summary>
    internal static long ResidentSetBytes()
    {
        const string Path = "/proc/self/status";
        if (File.Exists(Path))
        {
            foreach (var line in File.ReadLines(Path))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var kilobytes = line["VmRSS:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }

        return Environment.WorkingSet;
    }
}
