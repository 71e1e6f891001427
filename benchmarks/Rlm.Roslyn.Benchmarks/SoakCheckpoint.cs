namespace Rlm.Roslyn.Benchmarks;

/// <summary>What the soak measured after a full GC, once <paramref name="Session"/> sessions had run and been disposed.</summary>
/// <param name="Session">Sessions run so far (0: after warm-up, before any session).</param>
/// <param name="RssBytes">Resident set size of the process.</param>
/// <param name="GcHeapBytes">GC.GetTotalMemory(true).</param>
/// <param name="GcCommittedBytes">Memory the GC has committed (TotalCommittedBytes of the last full blocking GC).</param>
/// <param name="Assemblies">Assemblies loaded in the process (every load context).</param>
/// <param name="SubmissionAssemblies">Of those, submission assemblies (named rlm-*).</param>
/// <param name="LiveContexts">Disposed sessions whose load context is still alive after the GC passes.</param>
/// <param name="GcPasses">Full GC passes made before measuring (until no context was alive, or the cap).</param>
/// <param name="LiveContextsInline">The same, counted before the soak yielded: straight after the await of the last snippet.</param>
/// <param name="Elapsed">Time since the soak started.</param>
internal readonly record struct SoakCheckpoint(
    int Session, long RssBytes, long GcHeapBytes, long GcCommittedBytes, int Assemblies, int SubmissionAssemblies, int LiveContexts, int GcPasses, int LiveContextsInline, TimeSpan Elapsed);
