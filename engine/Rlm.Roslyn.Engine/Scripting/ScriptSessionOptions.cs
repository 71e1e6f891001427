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

    /// <summary>
    /// Stack of the session's snippet thread, reserved address space that is committed only as deep calls touch it.
    /// Default 256 MiB.
    /// </summary>
    public int StackBytes { get; init; } = 256 << 20;

    /// <summary>
    /// Stack a snippet's calls may use before the call-depth limit stops them; the rest of <see cref="StackBytes"/> is
    /// room for what runs after the trip (unwinding, finally blocks, library calls with no checkpoint inside). Default
    /// 16 MiB, twice a Linux main thread's whole stack.
    /// </summary>
    public long MaxStackDepthBytes { get; init; } = 16L << 20;

    /// <summary>Checks each submission before it runs. Default the restricted-API analyzer; never null.</summary>
    public ISubmissionPolicy Policy
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(value));
    } = RestrictedApiPolicy.Default;
}
