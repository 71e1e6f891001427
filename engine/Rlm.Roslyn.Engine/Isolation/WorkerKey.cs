using System.Globalization;

namespace Rlm.Roslyn;

/// <summary>
/// What makes two workers interchangeable in <see cref="WorkerPool"/>: the settings they were started with, the jail,
/// the owner (workers never serve two owners) and how many run trees may share one.
/// </summary>
/// <param name="Hello">The settings every session in the worker shares.</param>
/// <param name="Jail">Whether it runs in its jail.</param>
/// <param name="Owner">Who its sessions belong to; null is this process's own runs.</param>
/// <param name="RunTreesPerWorker">How many run trees one worker may serve at once.</param>
internal sealed record WorkerKey(WorkerHello Hello, WorkerJail Jail, string? Owner, int RunTreesPerWorker)
{
    /// <summary>Room beyond the snippet heap budget for what the worker holds besides one snippet's data: the compiler, every session's submissions and variables, streamed contexts.</summary>
    public const long HeapHeadroomBytes = 2L << 30;

    /// <summary>
    /// The worker's GC heap hard limit: the snippet heap budget plus <see cref="HeapHeadroomBytes"/>; 0 (the runtime's own
    /// default) for a budget so large the sum would not fit a <see langword="long"/>, said here rather than left to wrap.
    /// </summary>
    public long HeapHardLimitBytes => Hello.Session.MaxHeapGrowthBytes > long.MaxValue - HeapHeadroomBytes ? 0 : Hello.Session.MaxHeapGrowthBytes + HeapHeadroomBytes;

    /// <summary>The key of workers for sessions with <paramref name="options"/>, in this thread's cultures.</summary>
    /// <exception cref="ArgumentException">The policy cannot cross to a worker.</exception>
    public static WorkerKey For(ScriptSessionOptions options, int maxConcurrency, WorkerJail jail, string? owner = null, int runTreesPerWorker = 1)
    {
        var policy = WorkerPolicy.From(options.Policy)
            ?? throw new ArgumentException("A worker runs RestrictedApiPolicy.Default or TrustedCodePolicy.Instance.", nameof(options));
        var hello = new WorkerHello(policy, options, maxConcurrency, CultureInfo.CurrentCulture.Name, CultureInfo.CurrentUICulture.Name, WorkerHello.ParentRegexTimeout());
        return new WorkerKey(hello, jail, owner, runTreesPerWorker);
    }
}
