using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;

namespace Rlm.Roslyn.Benchmarks;

/// <summary>
/// What the engine's activities cost per sub-call (the most frequent one: LlmMany batches make hundreds): start, tag,
/// end. Baseline: nobody listens (the default; StartActivity returns null). Then an OpenTelemetry-style listener that
/// records everything. For scale, one LM call is tens of milliseconds at best.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "BenchmarkDotNet runs benchmarks as instance methods.")]
public class TelemetryBenchmarks
{
    private static readonly RlmUsage Usage = new(1, 1_200, 80);
    private ActivityListener? _listener;

    [GlobalSetup(Target = nameof(SubCallRecorded))]
    public void Listen()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == RlmTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [GlobalCleanup]
    public void Cleanup() => _listener?.Dispose();

    [Benchmark(Baseline = true)]
    public bool SubCallNobodyListening() => SubCall();

    [Benchmark]
    public bool SubCallRecorded() => SubCall();

    private static bool SubCall()
    {
        using var activity = RlmActivities.StartSubCall("0.3.12", 2, SubCallKind.Llm, 4_000);
        RlmActivities.SubCallEnded(activity, succeeded: true, Usage);
        return activity is null;
    }
}
