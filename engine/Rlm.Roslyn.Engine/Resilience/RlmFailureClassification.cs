namespace Rlm.Roslyn;

/// <summary>What the retry middleware should make of a failed LM call.</summary>
/// <param name="IsTransient">Worth trying again (rate limit, server error, timeout, dropped connection).</param>
/// <param name="RetryAfter">How long the endpoint asked to wait (a Retry-After header), if it said.</param>
public readonly record struct RlmFailureClassification(bool IsTransient, TimeSpan? RetryAfter = null)
{
    /// <summary>Not worth retrying (a bad request, a wrong key...).</summary>
    public static RlmFailureClassification Permanent { get; } = new(false);

    /// <summary>Worth retrying after the usual backoff.</summary>
    public static RlmFailureClassification Transient { get; } = new(true);
}
