namespace Rlm.Roslyn;

/// <summary>Settings of one script session.</summary>
internal sealed record ScriptSessionOptions
{
    /// <summary>Chars of output kept per snippet; the rest is counted and dropped. Default 1,000,000.</summary>
    public int MaxCapturedOutputChars { get; init; } = 1_000_000;

    /// <summary>
    /// How long past its time limit a snippet that reached no checkpoint may run before it is abandoned and the
    /// session replaced. Default 2 seconds.
    /// </summary>
    public TimeSpan AbandonAfter { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How much the managed heap may grow while a snippet runs before it is stopped. Default 4 GiB.</summary>
    public long MaxHeapGrowthBytes { get; init; } = 4L << 30;

    /// <summary>Checks each submission before it runs; null runs everything that compiles.</summary>
    public ISubmissionPolicy? Policy { get; init; }
}
